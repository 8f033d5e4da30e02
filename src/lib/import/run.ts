// Runs an import in ONE transaction: a file that turns out malformed halfway
// (or any failure) leaves the database exactly as it was. Re-running the same
// file changes nothing; a newer export of the same site updates what changed
// there, matched by the source's own ids.
import type { Db } from '../db.ts';
import { hasStoredSetting, updateSettings } from '../settings/settings.ts';
import type { ImportedComment, ImportedEntry, SourceMedia, SourceSite } from './model.ts';
import { scope } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import { rememberLegacyPaths, type LegacyTarget } from './legacy.ts';
import { hidePagesFromMenu, showPageInMenu } from './entries-repo.ts';
import { findLinks, listLinkedPageIds, listRedirectedPaths } from './repo.ts';
import { addList, changedNothing, countRemark, countSkip, newSummary, type ImportSummary } from './summary.ts';
import { writeComments, writeOrphans, type CommentContext } from './write-comments.ts';
import { writeEntries, type EntryContext } from './write-entries.ts';

export interface ImportOptions {
  now: Date;
  /** The old site's zone, for the few dates an export gives only in local time. */
  timeZone: string;
  /** The account imported posts belong to (their byline still names the source's writer). */
  authorId: string | null;
  /** Called after each post or page. */
  onProgress?: (done: { entries: number }) => void;
  /** Filled with the source's media library and featured images (WordPress), for copyImportedImages. */
  media?: SourceMedia;
}

/** "https://Example.org/blog/" → "example.org/blog": the same site whether exported over http or https. */
export function siteKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim().toLowerCase();
  }
}

export interface ImportRun {
  summary: ImportSummary;
  entries: EntryContext;
  comments: CommentContext;
  /** Replies whose parent has not been written yet. */
  waiting: ImportedComment[];
  /** Pages the source's menu listed, in order. */
  menu: { pageSourceId: string; order: number }[];
  /** Attachment pages (WordPress): their old addresses lead to their post or page once it is written. */
  attachmentPages: { parentSourceId: string; legacyPaths: string[] }[];
  /** Entries read but not yet written, with their comments. */
  pending: { entry: ImportedEntry; comments: ImportedComment[] }[];
  /** Comments travel with their post (WordPress): forget post ids once written. */
  forgetPosts: boolean;
  entriesDone: number;
}

/** Posts written per batch: large enough to make statements few, small enough to keep memory flat. */
const ENTRY_BATCH = 100;

export function startRun(db: Db, site: SourceSite, summary: ImportSummary, options: ImportOptions): ImportRun {
  summary.site = site.site;
  const postIds = new Map<string, number>();
  return {
    summary,
    entries: { db, site, summary, now: options.now, authorId: options.authorId, tagIds: new Map() },
    comments: { db, site, summary, now: options.now, postIds },
    waiting: [],
    menu: [],
    attachmentPages: [],
    pending: [],
    forgetPosts: false,
    entriesDone: 0,
  };
}

/** The source's name and tagline become the site's, unless the author set their own. */
export async function adoptSiteIdentity(db: Db, run: ImportRun, site: { title: string; description: string }) {
  if (site.title && !(await hasStoredSetting(db, 'siteName'))) {
    await updateSettings(db, { siteName: site.title.slice(0, 80) });
    run.summary.notes.push(
      `The site name is now “${site.title.slice(0, 80)}”, as in the export (change it in Settings).`,
    );
  }
  if (site.description && !(await hasStoredSetting(db, 'tagline'))) {
    await updateSettings(db, { tagline: site.description.slice(0, 200) });
  }
}

/** Queues an entry (and its comments); writes the queue once it is a batch. */
export async function queueEntry(
  run: ImportRun,
  entry: ImportedEntry,
  comments: ImportedComment[],
  options: ImportOptions,
): Promise<void> {
  run.pending.push({ entry, comments });
  if (run.pending.length >= ENTRY_BATCH) await flushEntries(run, options);
}

/** Writes the queued entries, then their comments. */
export async function flushEntries(run: ImportRun, options: ImportOptions): Promise<void> {
  const batch = run.pending;
  if (batch.length === 0) return;
  run.pending = [];
  const ids = await writeEntries(
    run.entries,
    batch.map((b) => b.entry),
  );
  for (const [sourceId, id] of ids) run.comments.postIds.set(sourceId, id);
  const comments = batch.flatMap((b) => b.comments);
  if (comments.length > 0) run.waiting.push(...(await writeComments(run.comments, comments)));
  if (run.forgetPosts) for (const sourceId of ids.keys()) run.comments.postIds.delete(sourceId);
  run.entriesDone += batch.length;
  options.onProgress?.({ entries: run.entriesDone });
}

export function noteSkips(run: ImportRun, skipped: string[], remarks: string[] = []): void {
  for (const reason of skipped) countSkip(run.summary, reason);
  for (const remark of remarks) countRemark(run.summary, remark);
}

/** The last batch, orphaned replies, the menu, and one content-version bump if anything changed. */
export async function finishRun(db: Db, run: ImportRun, options: ImportOptions): Promise<ImportSummary> {
  await flushEntries(run, options);
  if (run.waiting.length > 0) await writeOrphans(run.comments, run.waiting);
  await redirectAttachmentPages(db, run);
  if (run.entries.site.source !== 'disqus') await listRedirects(db, run);
  if (run.menu.length > 0) {
    const pageIds = await listLinkedPageIds(db, run.entries.site);
    await hidePagesFromMenu(db, pageIds);
    const links = await findLinks(
      db,
      run.entries.site,
      'page',
      run.menu.map((m) => m.pageSourceId),
    );
    for (const [i, item] of run.menu.entries()) {
      const link = links.get(item.pageSourceId);
      if (!link) continue;
      await showPageInMenu(db, link.local_id, item.order || i + 1);
    }
  }
  // Posts, comments, pages and the site's name may all have changed: every page shows one of them.
  if (!changedNothing(run.summary)) {
    await recordChange(db, [scope.posts, scope.commentCounts, scope.settings, scope.site, scope.boards]);
  }
  return run.summary;
}

/** Attachment pages' old addresses answer 301 to the post (or page) they were attached to. */
async function redirectAttachmentPages(db: Db, run: ImportRun): Promise<void> {
  if (run.attachmentPages.length === 0) return;
  const parents = run.attachmentPages.map((a) => a.parentSourceId);
  const posts = await findLinks(db, run.entries.site, 'post', parents);
  const pages = await findLinks(db, run.entries.site, 'page', parents);
  const rows: { path: string; target: LegacyTarget }[] = [];
  for (const a of run.attachmentPages) {
    const post = posts.get(a.parentSourceId);
    const page = pages.get(a.parentSourceId);
    const target: LegacyTarget | null = post ? { post_id: post.local_id } : page ? { page_id: page.local_id } : null;
    if (!target) {
      countSkip(run.summary, 'attachment of a post or page that was not imported');
      continue;
    }
    for (const path of a.legacyPaths) rows.push({ path, target });
    countRemark(run.summary, 'attachment page: its old address now leads to its post');
  }
  await rememberLegacyPaths(db, rows);
}

/** The summary names every old address of this source that now answers 301, and where to. */
async function listRedirects(db: Db, run: ImportRun): Promise<void> {
  const rows = await listRedirectedPaths(db, run.entries.site);
  addList(
    run.summary,
    `Old addresses that now answer 301 (${rows.length}; old archive, label, tag, category, author and feed addresses too)`,
    rows.map((r) => `${r.path} → ${r.target}`),
  );
}

export { newSummary };
