// SQL for comments. The service holds the rules; nothing here decides anything.
import { sql } from 'kysely';
import type { ModerationStatus } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { visibleToReaders } from '../posts/visibility.ts';
import { commentTallyColumn } from '../reactions/repo.ts';

export interface Viewer {
  userId: string | null;
  visitorTokenHash: string | null;
}

// Alike people/export-repo.ts readComments: kept apart because the thread hides emails and adds the viewer's held
// comments; the export reads one person's rows whole.
/**
 * The whole visible thread of a post in ONE query, oldest first: approved and
 * deleted comments (deleted ones may hold replies together), plus the viewer's
 * own held ones. Emails never leave the database here.
 */
export function selectThreadRows(db: Db, postId: number, viewer: Viewer) {
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.user_id')
    .select([
      'comments.id',
      'comments.parent_id',
      'comments.user_id',
      'comments.author_name',
      'comments.author_url',
      'comments.body_html',
      'comments.status',
      'comments.created_at',
      'comments.updated_at',
      // A member's name links to their profile.
      'users.handle as author_handle',
      // Their uploaded picture's variants, if any (else the identicon shows).
      'users.avatar as author_avatar',
    ])
    .select(sql<boolean>`coalesce(users.role = 'author', false)`.as('by_author'))
    .select(commentTallyColumn().as('reaction_counts'))
    .select((eb) =>
      eb
        .or([
          viewer.userId ? eb('comments.user_id', '=', viewer.userId) : eb.lit(false),
          viewer.visitorTokenHash ? eb('comments.visitor_token_hash', '=', viewer.visitorTokenHash) : eb.lit(false),
        ])
        .as('mine'),
    )
    .where('comments.post_id', '=', postId)
    .where((eb) =>
      eb.or([
        eb('comments.status', 'in', ['approved', 'deleted']),
        ...(viewer.userId ? [eb('comments.user_id', '=', viewer.userId)] : []),
        ...(viewer.visitorTokenHash ? [eb('comments.visitor_token_hash', '=', viewer.visitorTokenHash)] : []),
      ]),
    )
    .orderBy('comments.created_at')
    .orderBy('comments.id');
}

/**
 * Who has held comments (pending or spam) on a post: accounts and visitor
 * cookies whose view of the thread differs from everyone else's.
 */
export async function listHeldWriters(db: Db, postId: number) {
  return db
    .selectFrom('comments')
    .select(['user_id', 'visitor_token_hash'])
    .distinct()
    .where('post_id', '=', postId)
    .where('status', 'in', ['pending', 'spam'])
    .execute();
}

export async function findPostForComment(db: Db, postId: number) {
  return db
    .selectFrom('posts')
    .select(['id', 'slug', 'title', 'status', 'published_at', 'comments_closed'])
    .where('id', '=', postId)
    .executeTakeFirst();
}

/** The parent of a new reply, locked so it cannot be deleted or hidden while the reply is saved. */
export async function findParentForReply(db: Db, parentId: number, lock: boolean) {
  let query = db
    .selectFrom('comments')
    .select(['id', 'post_id', 'status', 'user_id', 'author_name'])
    .where('id', '=', parentId);
  if (lock) query = query.forShare();
  return query.executeTakeFirst();
}

export interface NewCommentRow {
  postId: number;
  parentId: number | null;
  userId: string | null;
  authorName: string;
  authorEmail: string | null;
  authorUrl: string | null;
  bodyMd: string;
  bodyHtml: string;
  status: ModerationStatus;
  ip: string | null;
  visitorTokenHash: string | null;
  now: Date;
}

export async function insertComment(db: Db, c: NewCommentRow): Promise<number> {
  const row = await db
    .insertInto('comments')
    .values({
      post_id: c.postId,
      parent_id: c.parentId,
      user_id: c.userId,
      author_name: c.authorName,
      author_email: c.authorEmail,
      author_url: c.authorUrl,
      body_md: c.bodyMd,
      body_html: c.bodyHtml,
      status: c.status,
      ip: c.ip,
      visitor_token_hash: c.visitorTokenHash,
      created_at: c.now,
      updated_at: c.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// Alike import/export/read-repo.ts readCommentsOf, wishes/board/granted.ts listGrantedPage: kept apart because only the select's
// shape is shared; each reads other rows for another reader.
export async function findComment(db: Db, id: number, lock = false) {
  let query = db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'comments.post_id',
      'comments.parent_id',
      'comments.user_id',
      'comments.author_name',
      'comments.body_md',
      'comments.body_html',
      'comments.status',
      'comments.created_at',
      'posts.slug as post_slug',
      'posts.title as post_title',
    ])
    .where('comments.id', '=', id);
  if (lock) query = query.forUpdate('comments');
  return query.executeTakeFirst();
}

export async function updateComment(
  db: Db,
  id: number,
  changes: { body_md: string; body_html: string; status: ModerationStatus },
  now: Date,
): Promise<void> {
  await db
    .updateTable('comments')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function hasReplies(db: Db, id: number): Promise<boolean> {
  const row = await db.selectFrom('comments').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Keeps the row (so its replies keep their place) but nothing of what was said. */
export async function blankComment(db: Db, id: number, now: Date): Promise<void> {
  await db
    .updateTable('comments')
    .set({ status: 'deleted', body_md: '', body_html: '', author_url: null, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function removeComment(db: Db, id: number): Promise<void> {
  await db.deleteFrom('comments').where('id', '=', id).execute();
}

/** Sets a status on those of `ids` currently in one of `from`; returns the ids changed. */
export async function changeStatus(
  db: Db,
  ids: number[],
  from: ModerationStatus[],
  to: ModerationStatus,
  now: Date,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('comments')
    .set({ status: to, updated_at: now })
    .where('id', 'in', ids)
    .where('status', 'in', from)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

// Alike listQueue below, wishes/visitors/manage-links.ts resolveManageLink: kept apart because only the join-and-select shape
// is shared, over other rows.
/** For notifications: each comment with its post and the account that wrote its parent. */
export async function findReplyContexts(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('comments as c')
    .innerJoin('posts', 'posts.id', 'c.post_id')
    .leftJoin('comments as parent', 'parent.id', 'c.parent_id')
    .select([
      'c.id',
      'c.user_id',
      'c.author_name',
      'c.status',
      'posts.slug as post_slug',
      'posts.title as post_title',
      'parent.user_id as parent_user_id',
    ])
    .where('c.id', 'in', ids)
    .orderBy('c.id')
    .execute();
}

export async function listAuthorIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('role', '=', 'author').execute();
  return rows.map((r) => r.id);
}

export async function setPostCommentsClosed(db: Db, postId: number, closed: boolean): Promise<boolean> {
  const result = await db
    .updateTable('posts')
    .set({ comments_closed: closed })
    .where('id', '=', postId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The moderation queue: pending first, then newest first. */
export async function listQueue(db: Db, filter: { status: ModerationStatus | null; limit: number; offset: number }) {
  let query = db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
    .select([
      'comments.id',
      'comments.author_name',
      'comments.author_email',
      'comments.author_url',
      'comments.user_id',
      'comments.body_html',
      'comments.status',
      'comments.spam_score',
      'comments.moderation_reason',
      'comments.ip',
      'comments.created_at',
      'posts.slug as post_slug',
      'posts.title as post_title',
      'parent.author_name as parent_author_name',
    ]);
  if (filter.status) query = query.where('comments.status', '=', filter.status);
  return query
    .orderBy(sql`comments.status = 'pending'`, 'desc')
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

export async function countByStatus(db: Db): Promise<Record<ModerationStatus, number>> {
  const rows = await db
    .selectFrom('comments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<ModerationStatus, number> = { pending: 0, approved: 0, spam: 0, deleted: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** Approved comments of a post, newest first, for its feed. */
export async function listApprovedNewestFirst(db: Db, postId: number, limit: number) {
  return db
    .selectFrom('comments')
    .select(['id', 'author_name', 'body_md', 'body_html', 'created_at'])
    .where('post_id', '=', postId)
    .where('status', '=', 'approved')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The newest approved comments on posts readers can see at `now`, with their post, for the site's comments feed. */
export async function listSiteApprovedNewestFirst(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'comments.author_name',
      'comments.body_md',
      'comments.body_html',
      'comments.created_at',
      'posts.title as post_title',
      'posts.slug as post_slug',
    ])
    .where('comments.status', '=', 'approved')
    .where(visibleToReaders(now))
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(limit)
    .execute();
}

/** The post and status of each of these comments, to record what a decision changes. */
export async function findCommentStatuses(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('comments').select(['id', 'post_id', 'status']).where('id', 'in', ids).execute();
}

/** A reply from the fediverse, found by the Note it came from. */
export async function findRemoteComment(db: Db, noteId: string, lock = false) {
  let query = db
    .selectFrom('comments')
    .select(['id', 'post_id', 'status', 'fediverse_actor_id'])
    .where('fediverse_note_id', '=', noteId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Whether a remote actor already has a published reply (trust keyed on the actor, as a visitor's is on the email). */
export async function hasApprovedRemoteComment(db: Db, actorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('fediverse_actor_id', '=', actorId)
    .where('status', '=', 'approved')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Saves a reply from the fediverse; null when that Note is already a comment (a repeated delivery). */
export async function insertRemoteComment(
  db: Db,
  c: Omit<NewCommentRow, 'userId' | 'authorEmail' | 'ip' | 'visitorTokenHash'> & { actorId: string; noteId: string },
): Promise<number | null> {
  const row = await db
    .insertInto('comments')
    .values({
      post_id: c.postId,
      parent_id: c.parentId,
      user_id: null,
      author_name: c.authorName,
      author_email: null,
      author_url: c.authorUrl,
      body_md: c.bodyMd,
      body_html: c.bodyHtml,
      status: c.status,
      fediverse_actor_id: c.actorId,
      fediverse_note_id: c.noteId,
      created_at: c.now,
      updated_at: c.now,
    })
    .onConflict((oc) => oc.column('fediverse_note_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
