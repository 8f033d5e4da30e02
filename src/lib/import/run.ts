// Runs an import in ONE transaction: a file that turns out malformed halfway
// (or any failure) leaves the database exactly as it was. Re-running the same
// file changes nothing; a newer export of the same site updates what changed
// there, matched by the source's own ids.
import type { Db } from '../db.ts';
import { hasStoredSetting, updateSettings } from '../settings/settings.ts';
import type { ImportedComment, SourceSite } from './model.ts';
import { bumpVersion, findLinks, listLinkedPageIds } from './repo.ts';
import { changedNothing, countRemark, countSkip, newSummary, type ImportSummary } from './summary.ts';
import { writeComments, writeOrphans, type CommentContext } from './write-comments.ts';
import { writePage, writePost, type EntryContext } from './write-entries.ts';

export interface ImportOptions {
  now: Date;
  /** The old site's zone, for the few dates an export gives only in local time. */
  timeZone: string;
  /** The account imported posts belong to (their byline still names the source's writer). */
  authorId: string | null;
  /** Called after each post or page. */
  onProgress?: (done: { entries: number }) => void;
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
  entriesDone: number;
}

export function startRun(db: Db, site: SourceSite, summary: ImportSummary, options: ImportOptions): ImportRun {
  summary.site = site.site;
  const postIds = new Map<string, number>();
  return {
    summary,
    entries: { db, site, summary, now: options.now, authorId: options.authorId, tagIds: new Map() },
    comments: { db, site, summary, now: options.now, postIds },
    waiting: [],
    menu: [],
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

export async function writeEntryWithComments(
  run: ImportRun,
  entry: Parameters<typeof writePost>[1] | Parameters<typeof writePage>[1],
  comments: ImportedComment[],
  options: ImportOptions,
): Promise<number> {
  const id = entry.kind === 'post' ? await writePost(run.entries, entry) : await writePage(run.entries, entry);
  if (entry.kind === 'post') run.comments.postIds.set(entry.sourceId, id);
  if (comments.length > 0) run.waiting.push(...(await writeComments(run.comments, comments)));
  run.entriesDone++;
  options.onProgress?.({ entries: run.entriesDone });
  return id;
}

export function noteSkips(run: ImportRun, skipped: string[], remarks: string[] = []): void {
  for (const reason of skipped) countSkip(run.summary, reason);
  for (const remark of remarks) countRemark(run.summary, remark);
}

/** Orphaned replies, the menu, and one content-version bump if anything changed. */
export async function finishRun(db: Db, run: ImportRun): Promise<ImportSummary> {
  if (run.waiting.length > 0) await writeOrphans(run.comments, run.waiting);
  if (run.menu.length > 0) {
    const pageIds = await listLinkedPageIds(db, run.entries.site);
    if (pageIds.length > 0)
      await db.updateTable('pages').set({ show_in_menu: false }).where('id', 'in', pageIds).execute();
    const links = await findLinks(
      db,
      run.entries.site,
      'page',
      run.menu.map((m) => m.pageSourceId),
    );
    for (const [i, item] of run.menu.entries()) {
      const link = links.get(item.pageSourceId);
      if (!link) continue;
      await db
        .updateTable('pages')
        .set({ show_in_menu: true, menu_order: item.order || i + 1 })
        .where('id', '=', link.local_id)
        .execute();
    }
  }
  if (!changedNothing(run.summary)) await bumpVersion(db);
  return run.summary;
}

export { newSummary };
