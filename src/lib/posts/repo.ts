// SQL for posts. Visibility to readers is defined in visibility.ts.
import { sql, type Expression, type SqlBool, type ExpressionBuilder } from 'kysely';
import type { Database, NewPost, PostUpdate } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { withTags } from './tags-column-repo.ts';
import { visibleToReaders } from './visibility.ts';

const summaryColumns = [
  'posts.id',
  'posts.slug',
  'posts.title',
  'posts.excerpt',
  'posts.status',
  'posts.published_at',
  'posts.updated_at',
  'posts.cover_media_id',
  'posts.cover_alt',
] as const;

/** The cover upload's variants, or null (no cover, or the upload is gone). */
function withCoverVariants(eb: ExpressionBuilder<Database, 'posts'>) {
  return eb
    .selectFrom('media')
    .select('media.variants')
    .whereRef('media.id', '=', 'posts.cover_media_id')
    .as('cover_variants');
}

function withCommentCount(eb: ExpressionBuilder<Database, 'posts'>) {
  return eb
    .selectFrom('comments')
    .select((c) => c.fn.countAll<number>().as('n'))
    .whereRef('comments.post_id', '=', 'posts.id')
    .where('comments.status', '=', 'approved')
    .as('comment_count');
}

export function selectPostSummaries(db: Db) {
  return db
    .selectFrom('posts')
    .select(summaryColumns)
    .select(withCommentCount)
    .select(withTags)
    .select(withCoverVariants);
}

export function selectPostDetail(db: Db) {
  return (
    db
      .selectFrom('posts')
      .leftJoin('users', 'users.id', 'posts.author_id')
      .selectAll('posts')
      // An imported post names its writer as the source did.
      .select(sql<string | null>`coalesce(posts.byline, users.name)`.as('author_name'))
      .select(withTags)
      .select(withCoverVariants)
  );
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

/** Posts carrying the tag with this slug. */
export function whereTagged(tagSlug: string) {
  return (eb: ExpressionBuilder<Database, 'posts'>): Expression<SqlBool> =>
    eb.exists(
      eb
        .selectFrom('post_tags')
        .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
        .select('post_tags.post_id')
        .whereRef('post_tags.post_id', '=', 'posts.id')
        .where('tags.slug', '=', tagSlug),
    );
}

/** The visible post right before ('older') or after ('newer') a point in the (published_at, id) order. */
export function selectAdjacentPost(db: Db, at: { id: number; publishedAt: Date }, side: 'older' | 'newer', now: Date) {
  const direction = side === 'older' ? 'desc' : 'asc';
  return db
    .selectFrom('posts')
    .select(['posts.slug', 'posts.title'])
    .where(visibleToReaders(now))
    .where((eb) =>
      eb(eb.refTuple('posts.published_at', 'posts.id'), side === 'older' ? '<' : '>', eb.tuple(at.publishedAt, at.id)),
    )
    .orderBy('posts.published_at', direction)
    .orderBy('posts.id', direction)
    .limit(1);
}

export async function isSlugTaken(db: Db, slug: string, exceptPostId: number | null): Promise<boolean> {
  let query = db.selectFrom('posts').select('id').where('slug', '=', slug);
  if (exceptPostId !== null) query = query.where('id', '<>', exceptPostId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The post an old slug now points to, by its current slug. */
export async function findRedirectTarget(db: Db, oldSlug: string): Promise<{ id: number; slug: string } | null> {
  const row = await db
    .selectFrom('post_slug_redirects')
    .innerJoin('posts', 'posts.id', 'post_slug_redirects.post_id')
    .select(['posts.id', 'posts.slug'])
    .where('post_slug_redirects.old_slug', '=', oldSlug)
    .executeTakeFirst();
  return row ?? null;
}

/** Keeps an old slug answering for a post (the newest claim on a slug wins). */
export async function addSlugRedirect(db: Db, oldSlug: string, postId: number): Promise<void> {
  await db
    .insertInto('post_slug_redirects')
    .values({ old_slug: oldSlug, post_id: postId })
    .onConflict((oc) => oc.column('old_slug').doUpdateSet({ post_id: postId }))
    .execute();
}

/** A slug that is a post's live slug again no longer redirects anywhere. */
export async function dropSlugRedirect(db: Db, slug: string): Promise<void> {
  await db.deleteFrom('post_slug_redirects').where('old_slug', '=', slug).execute();
}

/** The post's row for an update, locked until the transaction ends. */
export async function lockPost(db: Db, id: number) {
  return db.selectFrom('posts').select(['id', 'slug']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Inserts a post; returns its id. */
export async function insertPost(db: Db, values: NewPost): Promise<number> {
  const inserted = await db.insertInto('posts').values(values).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updatePostRow(db: Db, id: number, values: PostUpdate): Promise<void> {
  await db.updateTable('posts').set(values).where('id', '=', id).execute();
}

/** Whether an upload with this id is in the media library (a cover must be). */
export async function mediaExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function deletePostRow(db: Db, id: number): Promise<{ title: string } | null> {
  const row = await db.deleteFrom('posts').where('id', '=', id).returning('title').executeTakeFirst();
  return row ?? null;
}

/** A tag that has at least one visible post. */
export async function findVisibleTag(db: Db, slug: string, now: Date): Promise<{ slug: string; name: string } | null> {
  const row = await db
    .selectFrom('tags')
    .select(['tags.slug', 'tags.name'])
    .where('tags.slug', '=', slug)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('post_tags')
          .innerJoin('posts', 'posts.id', 'post_tags.post_id')
          .select('posts.id')
          .whereRef('post_tags.tag_id', '=', 'tags.id')
          .where(visibleToReaders(now)),
      ),
    )
    .executeTakeFirst();
  return row ?? null;
}

/** Tags with how many visible posts carry each, busiest first. */
export async function countVisiblePostsByTag(db: Db, now: Date) {
  return db
    .selectFrom('tags')
    .innerJoin('post_tags', 'post_tags.tag_id', 'tags.id')
    .innerJoin('posts', 'posts.id', 'post_tags.post_id')
    .where(visibleToReaders(now))
    .select([
      'tags.slug',
      'tags.name',
      sql<number>`count(*)::int`.as('count'),
      sql<Date>`max(posts.updated_at)`.as('updated_at'),
    ])
    .groupBy(['tags.id', 'tags.slug', 'tags.name'])
    .orderBy('count', 'desc')
    .orderBy('tags.slug')
    .execute();
}

/**
 * Visible posts per calendar month in the given IANA zone, newest month first.
 * PostgreSQL's own zone rules do the conversion (`at time zone`).
 */
export async function countVisiblePostsByMonth(db: Db, now: Date, timeZone: string) {
  const visible = db
    .selectFrom('posts')
    .where(visibleToReaders(now))
    .select([sql<string>`to_char(posts.published_at at time zone ${timeZone}, 'YYYY-MM')`.as('month'), 'updated_at'])
    .as('p');
  return db
    .selectFrom(visible)
    .select(['p.month', sql<number>`count(*)::int`.as('count'), sql<Date>`max(p.updated_at)`.as('updated_at')])
    .groupBy('p.month')
    .orderBy('p.month', 'desc')
    .execute();
}

/** Slugs and last changes of every visible post, for the sitemap. */
export async function listVisibleSlugs(db: Db, now: Date) {
  return db
    .selectFrom('posts')
    .select(['slug', 'updated_at'])
    .where(visibleToReaders(now))
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function countVisiblePosts(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(visibleToReaders(now))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The upload a post shows as its cover, or null (no cover, or no such post). */
export async function findPostCoverId(db: Db, postId: number): Promise<number | null> {
  const row = await db.selectFrom('posts').select('cover_media_id').where('id', '=', postId).executeTakeFirst();
  return row?.cover_media_id ?? null;
}

/** These posts' Markdown bodies. */
export async function listPostBodies(db: Db, postIds: number[]) {
  return db.selectFrom('posts').select(['id', 'body_md']).where('id', 'in', postIds).execute();
}

/** Gives posts without an author to this one; returns how many. */
export async function setAuthorOfUnownedPosts(db: Db, authorId: string): Promise<number> {
  const result = await db
    .updateTable('posts')
    .set({ author_id: authorId })
    .where('author_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
