// Writes imported comments in batches: one lookup of what earlier imports
// wrote, ids taken from the sequence up front so replies can point at parents
// written in the same statement, and one insert per thousand comments.
import type { Db } from '../db.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import type { ImportedComment, SourceSite } from './model.ts';
import { updateComment } from './entries-repo.ts';
import { allocateCommentIds, findLinks, insertCommentsWithIds, saveLinks, type NewCommentRow } from './repo.ts';
import { countRemark, countSkip, type ImportSummary } from './summary.ts';
import { fingerprint } from './write-entries.ts';

export interface CommentContext {
  db: Db;
  site: SourceSite;
  summary: ImportSummary;
  now: Date;
  /** Post source id → local id, for posts written by this run. */
  postIds: Map<string, number>;
  /** Wait for a post not written yet (comments listed apart from their posts) instead of skipping. */
  deferMissingPosts?: boolean;
}

/** Parents before replies, whatever order the source listed them in. */
function parentsFirst(comments: ImportedComment[]): ImportedComment[] {
  const byId = new Map(comments.map((c) => [c.sourceId, c]));
  const done = new Set<string>();
  const out: ImportedComment[] = [];
  const visit = (c: ImportedComment, depth: number) => {
    if (done.has(c.sourceId)) return;
    done.add(c.sourceId);
    const parent = c.parentSourceId ? byId.get(c.parentSourceId) : undefined;
    if (parent && depth < 10_000) visit(parent, depth + 1);
    out.push(c);
  };
  for (const c of comments) visit(c, 0);
  return out;
}

/**
 * Writes a batch. Returns the comments whose parent is not known yet (a reply
 * listed before its parent in a later batch); the caller retries them later.
 */
export async function writeComments(ctx: CommentContext, batch: ImportedComment[]): Promise<ImportedComment[]> {
  const { db, site, summary } = ctx;
  if (batch.length === 0) return [];
  const missingPosts = [...new Set(batch.map((c) => c.postSourceId))].filter((id) => !ctx.postIds.has(id));
  for (const [sourceId, link] of await findLinks(db, site, 'post', missingPosts))
    ctx.postIds.set(sourceId, link.local_id);

  const comments = parentsFirst(batch);
  const links = await findLinks(
    db,
    site,
    'comment',
    comments.map((c) => c.sourceId),
  );
  const inBatch = new Set(comments.map((c) => c.sourceId));
  const outsideParents = comments
    .map((c) => c.parentSourceId)
    .filter((p): p is string => p !== null && !links.has(p) && !inBatch.has(p));
  const parentLinks = await findLinks(db, site, 'comment', outsideParents);

  const fresh = comments.filter((c) => !links.has(c.sourceId));
  const ids = await allocateCommentIds(db, fresh.length);
  const localIds = new Map<string, number>();
  for (const [sourceId, link] of [...links, ...parentLinks]) localIds.set(sourceId, link.local_id);
  fresh.forEach((c, i) => localIds.set(c.sourceId, ids[i]!));

  const inserts: NewCommentRow[] = [];
  const newLinks: { sourceId: string; localId: number; fingerprint: string }[] = [];
  const waiting: ImportedComment[] = [];
  const waitingIds = new Set<string>();
  for (const c of comments) {
    const postId = ctx.postIds.get(c.postSourceId);
    if (postId === undefined) {
      if (ctx.deferMissingPosts) {
        waiting.push(c);
        waitingIds.add(c.sourceId);
      } else {
        countSkip(summary, 'comment on a post that was not imported');
      }
      continue;
    }
    const parentId = c.parentSourceId ? localIds.get(c.parentSourceId) : null;
    if (parentId === undefined || (c.parentSourceId && waitingIds.has(c.parentSourceId))) {
      waiting.push(c);
      waitingIds.add(c.sourceId);
      continue;
    }
    const print = fingerprint(c);
    const link = links.get(c.sourceId);
    if (link?.fingerprint === print) {
      summary.counts.comment.unchanged++;
      continue;
    }
    const row: NewCommentRow = {
      id: localIds.get(c.sourceId)!,
      post_id: postId,
      parent_id: parentId,
      author_name: c.authorName,
      author_email: c.authorEmail,
      author_url: c.authorUrl,
      body_md: c.bodyMd,
      body_html: c.bodyMd ? renderMarkdown(c.bodyMd, 'strict') : '',
      status: c.status,
      created_at: c.createdAt,
    };
    if (link) {
      const { id, created_at: _created, ...changes } = row;
      await updateComment(db, id, { ...changes, updated_at: ctx.now });
      summary.counts.comment.updated++;
    } else {
      inserts.push(row);
      summary.counts.comment.created++;
    }
    newLinks.push({ sourceId: c.sourceId, localId: row.id, fingerprint: print });
  }
  // Ids allocated for comments that wait for their parent are simply not used.
  await insertCommentsWithIds(db, inserts);
  await saveLinks(db, site, 'comment', newLinks);
  return waiting;
}

/** Last try for replies whose parent never came: they join the thread at the top. */
export async function writeOrphans(ctx: CommentContext, waiting: ImportedComment[]): Promise<void> {
  ctx.deferMissingPosts = false;
  const still = await writeComments(ctx, waiting);
  if (still.length === 0) return;
  countRemark(ctx.summary, 'reply whose parent is not in the export, shown at the top level', still.length);
  await writeComments(
    ctx,
    still.map((c) => ({ ...c, parentSourceId: null })),
  );
}
