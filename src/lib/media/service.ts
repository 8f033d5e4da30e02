// The media library: uploading (checked, processed, stored, recorded), listing
// with where each upload is used, and deleting (asked first when in use).
import type { MediaVariantJson } from '../../../db/schema.ts';
import { postChanged } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { rerenderPostBodies } from '../posts/body.ts';
import { getSettings } from '../settings/settings.ts';
import { ALT_MAX, cleanFileName, readUploadDetails } from './input.ts';
import { processImage } from './pipeline.ts';
import { mediaReference } from './references.ts';
import {
  deleteMediaRow,
  insertMedia,
  selectKeysInUse,
  selectMediaById,
  selectMediaPage,
  selectUsages,
  type UsageRow,
} from './repo.ts';
import { putVariants, type MediaStorage } from './storage.ts';

interface MediaItem {
  id: number;
  originalName: string;
  alt: string;
  decorative: boolean;
  width: number;
  height: number;
  bytes: number;
  variants: MediaVariantJson[];
  createdAt: Date;
  /** The Markdown that shows it in a post. */
  markdown: string;
}

interface MediaUse {
  postId: number;
  title: string;
  slug: string;
}

interface UploadInput {
  /** The file as sent; its name is kept for the library, never trusted for its kind. */
  file: { bytes: Uint8Array; name: string | null };
  alt?: unknown;
  decorative?: unknown;
}

type Row = Awaited<ReturnType<typeof insertMedia>>;

// Alike comments/thread.ts toThreadComment: kept apart because only the row-to-object shape is shared.
function toMediaItem(row: Row): MediaItem {
  return {
    id: row.id,
    originalName: row.original_name,
    alt: row.alt,
    decorative: row.decorative,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    variants: row.variants,
    createdAt: row.created_at,
    markdown: mediaReference(row.id, row.alt),
  };
}

/**
 * Checks the alt text first (cheap), then the file; a refused file throws an
 * ImageRefusedError (a field error on `file`). Files are stored before the
 * row, so a row never names missing files.
 */
export async function uploadMedia(
  db: Db,
  storage: MediaStorage,
  input: UploadInput,
  context: { ownerId: string; now: Date },
): Promise<MediaItem> {
  const details = readUploadDetails(input);
  const { maxUploadBytes } = await getSettings(db);
  const image = await processImage(input.file.bytes, { maxBytes: maxUploadBytes });
  const variants = await putVariants(storage, image.variants);
  const row = await insertMedia(db, {
    ownerId: context.ownerId,
    originalName: cleanFileName(input.file.name),
    ...details,
    width: image.width,
    height: image.height,
    variants,
    bytes: input.file.bytes.length,
    createdAt: context.now,
  });
  return toMediaItem(row);
}

/**
 * An image brought by an import, through the same pipeline as an upload
 * (EXIF and other metadata stripped, variants). Its alt text is the old
 * site's; an image that had none is stored with an empty alt, not marked
 * decorative, so the library shows it as still to be described.
 */
export async function importMediaFile(
  db: Db,
  storage: MediaStorage,
  input: { bytes: Uint8Array; name: string; alt: string },
  context: { ownerId: string | null; now: Date },
): Promise<MediaItem> {
  const { maxUploadBytes } = await getSettings(db);
  const image = await processImage(input.bytes, { maxBytes: maxUploadBytes });
  const variants = await putVariants(storage, image.variants);
  const row = await insertMedia(db, {
    ownerId: context.ownerId,
    originalName: cleanFileName(input.name),
    alt: input.alt.replace(/\s+/g, ' ').trim().slice(0, ALT_MAX),
    decorative: false,
    width: image.width,
    height: image.height,
    variants,
    bytes: input.bytes.length,
    createdAt: context.now,
  });
  return toMediaItem(row);
}

const LIBRARY_PAGE_SIZE = 30;

interface LibraryPage {
  items: (MediaItem & { usedIn: MediaUse[] })[];
  /** The cursor for older uploads, or null on the last page. */
  olderThan: number | null;
}

export async function listMediaLibrary(db: Db, olderThan: number | null = null): Promise<LibraryPage> {
  const rows = await selectMediaPage(db, LIBRARY_PAGE_SIZE + 1, olderThan);
  const page = rows.slice(0, LIBRARY_PAGE_SIZE);
  const usages = groupUsages(
    await selectUsages(
      db,
      page.map((r) => r.id),
    ),
  );
  return {
    items: page.map((row) => ({ ...toMediaItem(row), usedIn: usages.get(row.id) ?? [] })),
    olderThan: rows.length > LIBRARY_PAGE_SIZE ? page[page.length - 1]!.id : null,
  };
}

function groupUsages(rows: UsageRow[]): Map<number, MediaUse[]> {
  const byMedia = new Map<number, MediaUse[]>();
  for (const r of rows) {
    const list = byMedia.get(r.media_id) ?? [];
    list.push({ postId: r.post_id, title: r.title, slug: r.slug });
    byMedia.set(r.media_id, list);
  }
  return byMedia;
}

export async function findMedia(db: Db, id: number): Promise<(MediaItem & { usedIn: MediaUse[] }) | null> {
  const row = await selectMediaById(db, id);
  if (!row) return null;
  return { ...toMediaItem(row), usedIn: groupUsages(await selectUsages(db, [id])).get(id) ?? [] };
}

/** How a deleted upload was used, for the confirmation message. */
function describeUses(uses: MediaUse[]): string {
  const titles = uses.slice(0, 3).map((u) => `"${u.title}"`);
  const more = uses.length > 3 ? ` and ${uses.length - 3} more` : '';
  return `${titles.join(', ')}${more}`;
}

/**
 * Deletes an upload. One in use is refused (409) until `confirmed`; then the
 * posts using it are rendered again without it, in the same transaction. Its
 * files go after the commit, unless another upload has the same bytes.
 */
export async function deleteMedia(
  db: Db,
  storage: MediaStorage,
  id: number,
  options: { confirmed: boolean },
): Promise<{ postsChanged: number }> {
  const deleted = await db.transaction().execute(async (trx) => {
    const uses = groupUsages(await selectUsages(trx, [id])).get(id) ?? [];
    if (uses.length > 0 && !options.confirmed) {
      const message = `This image is used in ${uses.length === 1 ? 'a post' : `${uses.length} posts`}: ${describeUses(uses)}. Deleting it leaves a gap there; confirm to delete it anyway.`;
      throw new ConflictError(message, { confirm: message });
    }
    const row = await deleteMediaRow(trx, id);
    if (!row) throw new NotFoundError('This image no longer exists.');
    if (uses.length > 0) {
      await rerenderPostBodies(
        trx,
        uses.map((u) => u.postId),
      );
      // The posts that showed the image are rendered again without it.
      await recordChange(trx, [...new Set(uses.flatMap((u) => postChanged(u.postId)))]);
    }
    return { row, postsChanged: uses.length };
  });
  const keys = deleted.row.variants.map((v) => v.key);
  const shared = await selectKeysInUse(db, keys);
  for (const key of keys) if (!shared.has(key)) await storage.delete(key);
  return { postsChanged: deleted.postsChanged };
}
