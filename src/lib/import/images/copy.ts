// Images come along: after an import, every image its posts and pages show
// from the old site (Markdown images and <img> in kept HTML) is fetched
// carefully (fetch.ts), stored through the upload pipeline, and the body is
// rewritten to use the copy. imported_media remembers each source address, so
// a re-run fetches only what is missing, and the old upload address answers
// 301 to the copy (findImportedUpload). Failures are listed with their post.
import { sql } from 'kysely';
import type { Db } from '../../db.ts';
import { scope } from '../../content/scopes.ts';
import { recordChange } from '../../content/version.ts';
import { listImageAddresses, renderMarkdown } from '../../markdown/markdown.ts';
import { importMediaFile } from '../../media/service.ts';
import type { MediaStorage } from '../../media/storage.ts';
import { findMediaAddress } from '../../media/view.ts';
import { recordPostMedia, renderPostBody } from '../../posts/body.ts';
import { normalizePath } from '../legacy.ts';
import type { SourceSite } from '../model.ts';
import { fetchImage, ImageFetchError, type ImageFetchOptions } from './fetch.ts';

export interface ImageCopyReport {
  copied: number;
  /** Already copied by an earlier run. */
  reused: number;
  failures: { entry: string; url: string; reason: string }[];
}

export interface ImageCopyOptions {
  ownerId: string | null;
  now: Date;
  fetch: ImageFetchOptions;
}

const HTML_IMG = /<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The old site's image addresses a body shows, each once. */
export function listRemoteImages(markdown: string): string[] {
  const html = [...markdown.matchAll(HTML_IMG)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  return [...new Set([...listImageAddresses(markdown), ...html])].filter((a) => /^https?:\/\//i.test(a));
}

/** The alt text the body gives an image, from Markdown or HTML; '' when none. */
export function altFor(markdown: string, url: string): string {
  const md = new RegExp(`!\\[((?:\\\\.|[^\\]\\\\])*)\\]\\(\\s*<?${escapeRegExp(url)}`).exec(markdown);
  if (md) return md[1]!.replace(/\\(.)/g, '$1');
  const tag = new RegExp(`<img\\b[^>]*?\\bsrc\\s*=\\s*["']${escapeRegExp(url)}["'][^>]*>`, 'i').exec(markdown);
  const alt = tag ? /\balt\s*=\s*"([^"]*)"|\balt\s*=\s*'([^']*)'/i.exec(tag[0]) : null;
  return alt ? (alt[1] ?? alt[2] ?? '') : '';
}

/** A body using the copies: Markdown images by reference (responsive), anything else by the file's address. */
export function rewriteBody(markdown: string, copies: Map<string, { id: number; file: string }>): string {
  let body = markdown;
  for (const [url, copy] of copies) {
    body = body.replace(
      new RegExp(`(!\\[(?:\\\\.|[^\\]\\\\])*\\]\\(\\s*<?)${escapeRegExp(url)}`, 'g'),
      `$1/media/${copy.id}`,
    );
    body = body.split(url).join(copy.file);
  }
  return body;
}

interface Entry {
  kind: 'post' | 'page';
  id: number;
  title: string;
  body_md: string;
}

async function listImportedEntries(db: Db, site: SourceSite): Promise<Entry[]> {
  const links = db.selectFrom('import_links').where('source', '=', site.source).where('site', '=', site.site);
  const posts = await db
    .selectFrom('posts')
    .select(['id', 'title', 'body_md'])
    .where('id', 'in', links.select('post_id').where('kind', '=', 'post'))
    .orderBy('id')
    .execute();
  const pages = await db
    .selectFrom('pages')
    .select(['id', 'title', 'body_md'])
    .where('id', 'in', links.select('page_id').where('kind', '=', 'page'))
    .orderBy('id')
    .execute();
  return [
    ...posts.map((p) => ({ kind: 'post' as const, ...p })),
    ...pages.map((p) => ({ kind: 'page' as const, ...p })),
  ];
}

export async function copyImportedImages(
  db: Db,
  storage: MediaStorage,
  site: SourceSite,
  options: ImageCopyOptions,
): Promise<ImageCopyReport> {
  const report: ImageCopyReport = { copied: 0, reused: 0, failures: [] };
  const known = new Map<string, { id: number; file: string } | null>();
  let changed = false;
  for (const entry of await listImportedEntries(db, site)) {
    const urls = listRemoteImages(entry.body_md);
    if (urls.length === 0) continue;
    const copies = new Map<string, { id: number; file: string }>();
    for (const url of urls) {
      if (!known.has(url)) known.set(url, await copyOne(db, storage, url, entry, options, report));
      const copy = known.get(url);
      if (copy) copies.set(url, copy);
    }
    if (copies.size === 0) continue;
    const bodyMd = rewriteBody(entry.body_md, copies);
    if (bodyMd === entry.body_md) continue;
    if (entry.kind === 'post') {
      const body = await renderPostBody(db, bodyMd);
      await db.updateTable('posts').set({ body_md: bodyMd, body_html: body.html }).where('id', '=', entry.id).execute();
      await recordPostMedia(db, entry.id, body.mediaIds);
    } else {
      await db
        .updateTable('pages')
        .set({ body_md: bodyMd, body_html: renderMarkdown(bodyMd, 'post') })
        .where('id', '=', entry.id)
        .execute();
    }
    changed = true;
  }
  if (changed) await recordChange(db, [scope.posts, scope.site]);
  return report;
}

async function copyOne(
  db: Db,
  storage: MediaStorage,
  url: string,
  entry: Entry,
  options: ImageCopyOptions,
  report: ImageCopyReport,
): Promise<{ id: number; file: string } | null> {
  const earlier = await db
    .selectFrom('imported_media')
    .select('media_id')
    .where('source_url', '=', url)
    .executeTakeFirst();
  if (earlier) {
    const file = await findMediaAddress(db, earlier.media_id);
    if (file) {
      report.reused++;
      return { id: earlier.media_id, file };
    }
  }
  try {
    const bytes = await fetchImage(url, options.fetch);
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || 'image';
    const media = await importMediaFile(db, storage, { bytes, name, alt: altFor(entry.body_md, url) }, options);
    await db
      .insertInto('imported_media')
      .values({
        source_url: url,
        old_path: normalizePath(new URL(url).pathname),
        media_id: media.id,
        created_at: options.now,
      })
      .onConflict((oc) => oc.column('source_url').doUpdateSet({ media_id: sql`excluded.media_id` }))
      .execute();
    report.copied++;
    const file = await findMediaAddress(db, media.id);
    return file ? { id: media.id, file } : null;
  } catch (error) {
    const reason = error instanceof ImageFetchError ? error.message : (error as Error).message;
    report.failures.push({ entry: entry.title, url, reason });
    return null;
  }
}

/** Where an old upload address ("/wp-content/uploads/2024/05/a.jpg") lives now, or null. */
export async function findImportedUpload(db: Db, pathname: string): Promise<string | null> {
  const row = await db
    .selectFrom('imported_media')
    .select('media_id')
    .where('old_path', '=', normalizePath(pathname))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? findMediaAddress(db, row.media_id) : null;
}

/** The report as lines for a terminal or a page. */
export function formatImageReport(report: ImageCopyReport): string[] {
  const lines = [`Images: ${report.copied} copied, ${report.reused} already here, ${report.failures.length} failed`];
  for (const f of report.failures) lines.push(`  ${f.entry}: ${f.url} (${f.reason})`);
  return lines;
}
