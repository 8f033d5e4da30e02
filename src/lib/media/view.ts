// What the media library page and the /media/<id> address show.
import type { MediaVariantJson } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { toResponsiveImage } from './references.ts';
import { selectMediaById, selectMediaPage } from './repo.ts';
import { mediaUrl } from './storage.ts';

export { formatBytes } from './limits.ts';
export { ALT_MAX } from './input.ts';

interface Thumbnail {
  src: string;
  width: number;
  height: number;
}

/** The smallest JPEG/PNG variant, for the library's list. */
export function thumbnailOf(item: { variants: MediaVariantJson[] }): Thumbnail | null {
  const fallbacks = item.variants
    .filter((v) => v.format === 'jpeg' || v.format === 'png')
    .sort((a, b) => a.width - b.width);
  const smallest = fallbacks[0];
  return smallest ? { src: mediaUrl(smallest.key), width: smallest.width, height: smallest.height } : null;
}

/** Where `/media/<id>` (the reference written in posts) leads: the largest fallback file, or null. */
export async function findMediaAddress(db: Db, id: number): Promise<string | null> {
  const row = await selectMediaById(db, id);
  return row ? (toResponsiveImage(row)?.fallback.src ?? null) : null;
}

export interface ImageChoice {
  id: number;
  /** What the select shows: the alt text, else the file's name. */
  label: string;
  thumbnail: Thumbnail | null;
}

/** The newest uploads, for the editor's cover select (a post's own cover is kept even when older). */
export async function listImageChoices(db: Db, keep: number | null, limit = 100): Promise<ImageChoice[]> {
  const rows = await selectMediaPage(db, limit, null);
  if (keep !== null && !rows.some((r) => r.id === keep)) {
    const kept = await selectMediaById(db, keep);
    if (kept) rows.push(kept);
  }
  return rows.map((row) => ({
    id: row.id,
    label: `${row.alt || row.original_name || 'Image'} (#${row.id})`.slice(0, 120),
    thumbnail: thumbnailOf(row),
  }));
}
