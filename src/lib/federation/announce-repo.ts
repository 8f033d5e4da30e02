// Which posts the blog actor announced, and the version it sent: SQL only (announce.ts holds
// the rules: what is news, and putting a claim back when its activity could not be queued).
import { sql, type Selectable } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { visibleToReaders } from '../posts/visibility.ts';

type AnnouncedPost = Selectable<Database['fediverse_announced_posts']>;

/** Which of these posts were announced already. */
export function listAnnouncedPostIdsAmong(db: Db, postIds: number[]) {
  return db.selectFrom('fediverse_announced_posts').select('post_id').where('post_id', 'in', postIds).execute();
}

/** Marks the post announced unless it was already; undefined then (another run has it). */
export function claimPostAnnouncement(db: Db, postId: number, now: Date, sentUpdatedAt: Date) {
  return db
    .insertInto('fediverse_announced_posts')
    .values({ post_id: postId, announced_at: now, sent_updated_at: sentUpdatedAt })
    .onConflict((oc) => oc.column('post_id').doNothing())
    .returning('post_id')
    .executeTakeFirst();
}

export async function unclaimPostAnnouncement(db: Db, postId: number): Promise<void> {
  await db.deleteFrom('fediverse_announced_posts').where('post_id', '=', postId).execute();
}

/** Announced posts readers still see that were edited after the version sent. */
export function listEditedAnnouncedPosts(db: Db, now: Date, limit: number) {
  return (
    db
      .selectFrom('fediverse_announced_posts')
      .innerJoin('posts', 'posts.id', 'fediverse_announced_posts.post_id')
      .select(['posts.id', 'posts.updated_at', 'fediverse_announced_posts.sent_updated_at'])
      .where(visibleToReaders(now))
      // Compared to the millisecond, as JavaScript's dates (and so sent_updated_at) keep it.
      .where(sql<boolean>`date_trunc('milliseconds', posts.updated_at) > fediverse_announced_posts.sent_updated_at`)
      .limit(limit)
      .execute()
  );
}

/** Sets the version sent to `sentUpdatedAt` if it still is `expected`; how many rows changed (0 or 1). */
export async function claimPostEdit(db: Db, postId: number, expected: Date, sentUpdatedAt: Date): Promise<bigint> {
  const claimed = await db
    .updateTable('fediverse_announced_posts')
    .set({ sent_updated_at: sentUpdatedAt })
    .where('post_id', '=', postId)
    .where('sent_updated_at', '=', expected)
    .executeTakeFirst();
  return claimed.numUpdatedRows;
}

/** Puts back the version sent before a claimed edit. */
export async function setSentUpdatedAt(db: Db, postId: number, sentUpdatedAt: Date): Promise<void> {
  await db
    .updateTable('fediverse_announced_posts')
    .set({ sent_updated_at: sentUpdatedAt })
    .where('post_id', '=', postId)
    .execute();
}

/** Announced posts readers no longer see. */
export function listAnnouncedPostsGone(db: Db, now: Date, limit: number) {
  const visible = db.selectFrom('posts').select('posts.id').where(visibleToReaders(now));
  return db
    .selectFrom('fediverse_announced_posts')
    .selectAll()
    .where('post_id', 'not in', visible)
    .limit(limit)
    .execute();
}

/** Deletes the post's announcement row; how many rows went (0 when another run took it). */
export async function claimPostRemoval(db: Db, postId: number): Promise<bigint> {
  const claimed = await db.deleteFrom('fediverse_announced_posts').where('post_id', '=', postId).executeTakeFirst();
  return claimed.numDeletedRows;
}

/** Puts an announcement row back (its Delete could not be queued). */
export async function restorePostAnnouncement(db: Db, row: AnnouncedPost): Promise<void> {
  await db
    .insertInto('fediverse_announced_posts')
    .values(row)
    .onConflict((oc) => oc.column('post_id').doNothing())
    .execute();
}
