// npm run import -- blogger FILE, and the admin upload: a Blogger Atom export
// (Takeout's feed.atom or a legacy blog-*.xml) in, one transaction. Comments
// are separate entries that refer to their post and parent by id, so they are
// written in batches; one that comes before what it refers to waits for it.
import type { Db } from '../../db.ts';
import type { ImportedComment } from '../model.ts';
import { adoptSiteIdentity, finishRun, newSummary, noteSkips, startRun, queueEntry, flushEntries } from '../run.ts';
import type { ImportOptions, ImportRun } from '../run.ts';
import type { ImportSummary } from '../summary.ts';
import { writeComments } from '../write-comments.ts';
import { ImportFormatError, readXmlRecords, textOf } from '../xml.ts';
import { mapBloggerEntry } from './entries.ts';

const BATCH = 500;

function checkRoot(name: string): string | null {
  if (name === 'feed') return null;
  const hint = name === 'rss' ? ' It looks like a WordPress export: import it as wordpress.' : '';
  return `This is not a Blogger export: its root element is <${name}>, not an Atom <feed>.${hint} Nothing was imported.`;
}

/** "tag:blogger.com,1999:blog-123.archive" → "blog-123". */
function blogIdOf(feedId: string): string {
  return /blog-(\d+)/.exec(feedId)?.[0] ?? feedId.trim();
}

export async function importBlogger(
  db: Db,
  chunks: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportSummary> {
  return db.transaction().execute(async (trx) => {
    const feed = { id: '', title: '', description: '' };
    const pages = new Set<string>();
    let run: ImportRun | null = null;
    let batch: ImportedComment[] = [];
    const flush = async (r: ImportRun) => {
      // Comments refer to posts: write the queued posts first.
      await flushEntries(r, options);
      if (batch.length > 0) r.waiting.push(...(await writeComments(r.comments, batch)));
      batch = [];
    };
    for await (const node of readXmlRecords(chunks, { depth: 1, checkRoot })) {
      if (node.name === 'id') feed.id = node.text.trim();
      if (node.name === 'title') feed.title = node.text.trim();
      if (node.name !== 'entry') continue;
      const item = mapBloggerEntry(node, options.now);
      if (item.type === 'setting') {
        if (item.name === 'BLOG_DESCRIPTION') feed.description = item.value;
        if (item.name === 'BLOG_NAME' && item.value) feed.title = item.value;
        continue;
      }
      if (!run) {
        const id = blogIdOf(feed.id || textOf(node, 'id'));
        run = startRun(trx, { source: 'blogger', site: id }, newSummary('Blogger'), options);
        run.comments.deferMissingPosts = true;
        await adoptSiteIdentity(trx, run, feed);
      }
      if (item.type === 'entry') {
        if (item.entry.kind === 'page') pages.add(item.entry.sourceId);
        await queueEntry(run, item.entry, [], options);
        noteSkips(run, [], item.remarks);
      } else if (item.type === 'comment') {
        if (pages.has(item.comment.postSourceId)) noteSkips(run, ['comment on a page (pages have no comments)']);
        else batch.push(item.comment);
        if (batch.length >= BATCH) await flush(run);
      } else {
        noteSkips(run, [item.reason]);
      }
    }
    if (!run) throw new ImportFormatError('The export has no posts, pages or comments. Nothing was imported.');
    await flush(run);
    return finishRun(trx, run, options);
  });
}
