// SQL for posts. A post is visible to readers when it is not a draft and its
// published_at has come: scheduling needs no job, only `now`.
import { sql, type Expression, type SqlBool, type ExpressionBuilder } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Db } from '../db.ts';

export function isVisible(now: Date) {
  return (eb: ExpressionBuilder<Database, 'posts'>): Expression<SqlBool> =>
    eb.and([eb('posts.status', '<>', 'draft'), eb('posts.published_at', '<=', now)]);
}

const summaryColumns = [
  'posts.id',
  'posts.slug',
  'posts.title',
  'posts.excerpt',
  'posts.status',
  'posts.published_at',
  'posts.updated_at',
] as const;

function withCommentCount(eb: ExpressionBuilder<Database, 'posts'>) {
  return eb
    .selectFrom('comments')
    .select((c) => c.fn.countAll<number>().as('n'))
    .whereRef('comments.post_id', '=', 'posts.id')
    .where('comments.status', '=', 'approved')
    .as('comment_count');
}

function withTags(eb: ExpressionBuilder<Database, 'posts'>) {
  return eb
    .selectFrom('post_tags')
    .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
    .select(
      sql<
        { slug: string; name: string }[]
      >`coalesce(json_agg(json_build_object('slug', tags.slug, 'name', tags.name) order by tags.name), '[]'::json)`.as(
        't',
      ),
    )
    .whereRef('post_tags.post_id', '=', 'posts.id')
    .as('tags');
}

export function selectPostSummaries(db: Db) {
  return db.selectFrom('posts').select(summaryColumns).select(withCommentCount).select(withTags);
}

export function selectPostDetail(db: Db) {
  return db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .selectAll('posts')
    .select('users.name as author_name')
    .select(withTags);
}

export async function findTagIds(db: Db, tags: { slug: string; name: string }[]): Promise<number[]> {
  if (tags.length === 0) return [];
  await db
    .insertInto('tags')
    .values(tags)
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const rows = await db
    .selectFrom('tags')
    .select('id')
    .where(
      'slug',
      'in',
      tags.map((t) => t.slug),
    )
    .execute();
  return rows.map((r) => r.id);
}

export async function replacePostTags(db: Db, postId: number, tagIds: number[]): Promise<void> {
  await db.deleteFrom('post_tags').where('post_id', '=', postId).execute();
  if (tagIds.length > 0) {
    await db
      .insertInto('post_tags')
      .values(tagIds.map((tagId) => ({ post_id: postId, tag_id: tagId })))
      .execute();
  }
}

export async function isSlugTaken(db: Db, slug: string, exceptPostId: number | null): Promise<boolean> {
  let query = db.selectFrom('posts').select('id').where('slug', '=', slug);
  if (exceptPostId !== null) query = query.where('id', '<>', exceptPostId);
  return (await query.executeTakeFirst()) !== undefined;
}
