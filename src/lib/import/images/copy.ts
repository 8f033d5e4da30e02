// Images come along: after an import, every image its posts and pages show
// from the old site (Markdown images and <img> in kept HTML), and every image
// in the old media library (WordPress's attachments), is fetched carefully
// (fetch.ts), stored through the upload pipeline, and the body is rewritten to
// use the copy; a post's featured image becomes its cover. imported_media
// remembers each source address, so a re-run fetches only what is missing, and
// the old upload address answers 301 to the copy (findImportedUpload).
// Failures are listed with their post.
import type { Db } from '../../db.ts';
import { scope } from '../../content/scopes.ts';
import { recordChange } from '../../content/version.ts';
import { renderMarkdown } from '../../markdown/markdown.ts';
import { importMediaFile } from '../../media/service.ts';
import type { MediaStorage } from '../../media/storage.ts';
import { findMediaAddress } from '../../media/view.ts';
import { recordPostMedia, renderPostBody } from '../../posts/body.ts';
import { normalizePath } from '../legacy.ts';
import type { SourceMedia, SourceSite } from '../model.ts';
import { altFor, listRemoteImages, rewriteBody, SIZED_NAME, sourceImageOf, type Copy } from './addresses.ts';
import { setCovers } from './covers.ts';
import { listImportedEntries, writeEntryBody } from '../entries-repo.ts';
import { findImportedMediaId, listImportedByOldPath, rememberImportedMedia } from './imported-media-repo.ts';
import { fetchImage, ImageFetchError, type ImageFetchOptions } from './fetch.ts';

export interface ImageCopyReport {
  copied: number;
  /** Already copied by an earlier run. */
  reused: number;
  failures: { entry: string; url: string; reason: string }[];
}

interface ImageCopyOptions {
  ownerId: string | null;
  now: Date;
  fetch: ImageFetchOptions;
  /** The source's media library and featured images, as the import read them (ImportOptions.media). */
  media?: SourceMedia;
}

export async function copyImportedImages(
  db: Db,
  storage: MediaStorage,
  site: SourceSite,
  options: ImageCopyOptions,
): Promise<ImageCopyReport> {
  const report: ImageCopyReport = { copied: 0, reused: 0, failures: [] };
  const known = new Map<string, Copy | null>();
  const library = new Map((options.media?.images ?? []).map((image) => [image.url, image]));
  const copyOf = async (url: string, alt: string, label: string) => {
    if (!known.has(url)) known.set(url, await copyOne(db, storage, url, { alt, label }, options, report));
    return known.get(url) ?? null;
  };
  let changed = false;
  for (const entry of await listImportedEntries(db, site)) {
    const urls = listRemoteImages(entry.body_md);
    if (urls.length === 0) continue;
    const copies = new Map<string, Copy>();
    for (const url of urls) {
      const source = sourceImageOf(url, library);
      const copy = await copyOf(source, altFor(entry.body_md, url) || (library.get(source)?.alt ?? ''), entry.title);
      if (!copy) continue;
      copies.set(url, copy);
      // A link to the full size ("[![](a.jpg?w=604)](a.jpg)") leads to the copy too.
      if (source !== url) copies.set(source, copy);
    }
    if (copies.size === 0) continue;
    const bodyMd = rewriteBody(entry.body_md, copies);
    if (bodyMd === entry.body_md) continue;
    if (entry.kind === 'post') {
      const body = await renderPostBody(db, bodyMd);
      await writeEntryBody(db, 'post', entry.id, bodyMd, body.html);
      await recordPostMedia(db, entry.id, body.mediaIds);
    } else {
      await writeEntryBody(db, 'page', entry.id, bodyMd, renderMarkdown(bodyMd, 'post'));
    }
    changed = true;
  }
  // The rest of the old media library: images no body shows still belong to the blog.
  for (const image of library.values()) await copyOf(image.url, image.alt, `attachment “${image.title}”`);
  if (await setCovers(db, site, options.media, (url) => known.get(sourceImageOf(url, library)) ?? null)) {
    changed = true;
  }
  if (changed) await recordChange(db, [scope.posts, scope.site]);
  return report;
}

async function copyOne(
  db: Db,
  storage: MediaStorage,
  url: string,
  use: { alt: string; label: string },
  options: ImageCopyOptions,
  report: ImageCopyReport,
): Promise<Copy | null> {
  const earlier = await findImportedMediaId(db, url);
  if (earlier !== null) {
    const file = await findMediaAddress(db, earlier);
    if (file) {
      report.reused++;
      return { id: earlier, file };
    }
  }
  try {
    const bytes = await fetchImage(url, options.fetch);
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || 'image';
    const media = await importMediaFile(db, storage, { bytes, name, alt: use.alt }, options);
    await rememberImportedMedia(db, {
      source_url: url,
      old_path: normalizePath(new URL(url).pathname),
      media_id: media.id,
      created_at: options.now,
    });
    report.copied++;
    const file = await findMediaAddress(db, media.id);
    return file ? { id: media.id, file } : null;
  } catch (error) {
    const reason = error instanceof ImageFetchError ? error.message : (error as Error).message;
    report.failures.push({ entry: use.label, url, reason });
    return null;
  }
}

/**
 * Where an old upload address ("/wp-content/uploads/2024/05/a.jpg") lives now, or null. One of
 * the sizes WordPress made of it ("a-150x150.jpg") leads to the copy of the image it was made
 * from, when there is no copy of that file itself.
 */
export async function findImportedUpload(db: Db, pathname: string): Promise<string | null> {
  const path = normalizePath(pathname);
  const paths = [...new Set([path, path.replace(SIZED_NAME, '$1')])];
  const rows = await listImportedByOldPath(db, paths);
  const row = rows.find((r) => r.old_path === path) ?? rows[0];
  return row ? findMediaAddress(db, row.media_id) : null;
}

/** The report as lines for a terminal or a page. */
export function formatImageReport(report: ImageCopyReport): string[] {
  const lines = [`Images: ${report.copied} copied, ${report.reused} already here, ${report.failures.length} failed`];
  for (const f of report.failures) lines.push(`  ${f.entry}: ${f.url} (${f.reason})`);
  return lines;
}
