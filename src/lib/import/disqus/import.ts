// npm run import -- disqus FILE, and the admin upload: the comment threads of a
// blog that kept them in Disqus, into the posts already imported (or written)
// here. Threads are matched to posts by the addresses the site knows for them
// (old addresses, WordPress's "?p=" ids, this site's own /posts/… links); the
// threads that match nothing are listed, not guessed. One transaction;
// re-running the same file adds nothing (import_links, source "disqus").
import type { Db } from '../../db.ts';
import { findPostsForAddresses } from '../repo.ts';
import { finishRun, newSummary, noteSkips, startRun, type ImportOptions } from '../run.ts';
import { addList, countSkip, type ImportSummary } from '../summary.ts';
import { writeComments } from '../write-comments.ts';
import { ImportFormatError, readXmlRecords } from '../xml.ts';
import { addressesOf, keptComments, mapPost, mapThread, type DisqusPost, type DisqusThread } from './records.ts';

/** Comments written per statement batch. */
const BATCH = 1000;

function checkRoot(name: string): string | null {
  if (name === 'disqus') return null;
  const hint =
    name === 'rss' ? ' It looks like a WordPress export.' : name === 'feed' ? ' It looks like a Blogger export.' : '';
  return `This is not a Disqus export: its root element is <${name}>, not <disqus>.${hint} Nothing was imported.`;
}

/** Each thread with comments → the local post it belongs to, or why none. */
async function matchThreads(
  db: Db,
  threads: DisqusThread[],
): Promise<Map<string, { postId: number } | { unmatched: string }>> {
  const addresses = new Map(threads.map((t) => [t.id, addressesOf(t)]));
  const found = await findPostsForAddresses(
    db,
    [...addresses.values()].flatMap((a) => a.keys),
    [...addresses.values()].flatMap((a) => a.slugs),
  );
  const result = new Map<string, { postId: number } | { unmatched: string }>();
  for (const thread of threads) {
    const { keys, slugs } = addresses.get(thread.id)!;
    const hit = [...keys.map((k) => found.byKey.get(k)), ...slugs.map((s) => found.bySlug.get(s))].find(Boolean);
    if (hit && 'postId' in hit) result.set(thread.id, hit);
    else result.set(thread.id, { unmatched: hit ? 'a page here (pages have no comments)' : 'no post here' });
  }
  return result;
}

export async function importDisqus(
  db: Db,
  chunks: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const threads = new Map<string, DisqusThread>();
  const posts: DisqusPost[] = [];
  for await (const node of readXmlRecords(chunks, { depth: 1, checkRoot })) {
    if (node.name === 'thread') {
      const thread = mapThread(node);
      if (thread.id) threads.set(thread.id, thread);
    } else if (node.name === 'post') {
      const post = mapPost(node);
      if (post.id && post.threadId) posts.push(post);
    }
  }
  if (threads.size === 0 && posts.length === 0) {
    throw new ImportFormatError('The export has no threads or comments. Nothing was imported.');
  }
  const forum = [...threads.values()].find((t) => t.forum)?.forum ?? 'disqus';

  return db.transaction().execute(async (trx) => {
    const run = startRun(trx, { source: 'disqus', site: forum }, newSummary('Disqus'), options);
    const byThread = new Map<string, DisqusPost[]>();
    for (const post of posts) byThread.set(post.threadId, [...(byThread.get(post.threadId) ?? []), post]);

    const withComments = [...byThread.keys()].map(
      (id) => threads.get(id) ?? { id, forum, title: '', link: '', identifier: '' },
    );
    const matches = await matchThreads(trx, withComments);
    const unmatched: string[] = [];
    let batch: ReturnType<typeof keptComments>['comments'] = [];
    for (const thread of withComments) {
      const { comments, leftOut } = keptComments(byThread.get(thread.id)!);
      for (const p of leftOut) noteSkips(run, [p.leftOut === 'spam' ? 'comment marked as spam' : 'deleted comment']);
      const match = matches.get(thread.id)!;
      if ('unmatched' in match) {
        if (comments.length === 0) continue;
        countSkip(run.summary, 'comment in a thread that matches no post', comments.length);
        const where = thread.link || thread.identifier || `thread ${thread.id}`;
        unmatched.push(
          `${thread.title || 'Untitled'} — ${where} (${comments.length} comment${comments.length === 1 ? '' : 's'}; ${match.unmatched})`,
        );
        continue;
      }
      run.comments.postIds.set(thread.id, match.postId);
      batch.push(...comments);
      if (batch.length >= BATCH) {
        run.waiting.push(...(await writeComments(run.comments, batch)));
        batch = [];
      }
    }
    if (batch.length > 0) run.waiting.push(...(await writeComments(run.comments, batch)));
    addList(run.summary, 'Threads that match no post here (their comments were not imported)', unmatched);
    return finishRun(trx, run, options);
  });
}
