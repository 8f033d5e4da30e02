// Reading the whole site for an export, in id order and in batches, so a large
// site streams out in bounded memory. SQL only.
import { sql } from 'kysely';
import type { Db } from '../../db.ts';
import { withTags } from '../../posts/tags-column-repo.ts';

export const BATCH = 200;

export async function readPostBatch(db: Db, afterId: number) {
  return db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .selectAll('posts')
    .select(sql<string | null>`coalesce(posts.byline, users.name)`.as('author_name'))
    .select(withTags)
    .where('posts.id', '>', afterId)
    .orderBy('posts.id')
    .limit(BATCH)
    .execute();
}

export type PostRecord = Awaited<ReturnType<typeof readPostBatch>>[number];

// Alike comments/repo.ts findComment, people/export.ts: kept apart because the export names its own columns, so the
// file format changes only on purpose.
/** Comments of these posts, by post then id (parents before replies, as they were written). */
export async function readCommentsOf(db: Db, postIds: number[]) {
  if (postIds.length === 0) return [];
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.user_id')
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
      'comments.author_url',
      'comments.fediverse_actor_id',
      'comments.fediverse_note_id',
    ])
    .select(sql<string | null>`coalesce(comments.author_email, users.email)`.as('author_email'))
    .where('comments.post_id', 'in', postIds)
    .orderBy('comments.post_id')
    .orderBy('comments.id')
    .execute();
}

export type CommentRecord = Awaited<ReturnType<typeof readCommentsOf>>[number];

export async function readPages(db: Db) {
  return db.selectFrom('pages').selectAll().orderBy('id').execute();
}

export async function readTags(db: Db) {
  return db.selectFrom('tags').select(['id', 'slug', 'name']).orderBy('id').execute();
}

/** Everyone who wrote a post, as the post names them. */
export async function readPostAuthors(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select(sql<string>`coalesce(posts.byline, users.name)`.as('name'))
    .where(sql<boolean>`coalesce(posts.byline, users.name) is not null`)
    .groupBy(sql`coalesce(posts.byline, users.name)`)
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}

export async function readAccounts(db: Db) {
  // Never the password hash.
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'wish_reminder', 'created_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function readPrompts(db: Db) {
  return db.selectFrom('prompts').select(['wish_date', 'prompt']).orderBy('wish_date').execute();
}

export async function readBoards(db: Db) {
  return db.selectFrom('boards').select(['id', 'wish_date', 'prompt', 'opened_at']).orderBy('wish_date').execute();
}

export async function readWishBatch(db: Db, afterId: number) {
  return db
    .selectFrom('wishes')
    .select([
      'id',
      'board_id',
      'user_id',
      'author_name',
      'author_email',
      'body_md',
      'status',
      'granted_at',
      'thank_you_md',
      'created_at',
    ])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(BATCH)
    .execute();
}

export async function readOffersOf(db: Db, wishIds: number[]) {
  if (wishIds.length === 0) return [];
  return db
    .selectFrom('offers')
    .select([
      'id',
      'wish_id',
      'user_id',
      'author_name',
      'author_email',
      'kind',
      'body_md',
      'status',
      'accepted_at',
      'created_at',
      'author_url',
      'fediverse_actor_id',
      'fediverse_note_id',
    ])
    .where('wish_id', 'in', wishIds)
    .orderBy('wish_id')
    .orderBy('id')
    .execute();
}
