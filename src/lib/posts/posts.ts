// Posts as the rest of the app sees them: types, the row mappers and the
// reading side (what readers and the author are shown). Writing lives in
// write.ts; createPost is re-exported here for callers that already use it.
import type { PostStatus } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { monthRange } from './archive.ts';
import { toPost, toSummary } from './map.ts';
import { isVisible, selectAdjacentPost, selectPostDetail, selectPostSummaries, whereTagged } from './repo.ts';

export { EXCERPT_LENGTH, excerptFrom, toPost, toSummary } from './map.ts';
export { createPost } from './write.ts';

export interface Tag {
  slug: string;
  name: string;
}

export interface PostSummary {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  status: PostStatus;
  publishedAt: Date | null;
  updatedAt: Date;
  commentCount: number;
  tags: Tag[];
}

export interface Post extends Omit<PostSummary, 'commentCount'> {
  bodyMd: string;
  bodyHtml: string;
  authorName: string | null;
  commentsClosed: boolean;
}

export interface PostDraft {
  title: string;
  slug: string | null;
  bodyMd: string;
  excerpt: string | null;
  tags: string[];
  status: PostStatus;
  publishedAt: Date | null;
  authorId: string | null;
  commentsClosed?: boolean;
}

/** A link to another post (previous / next). */
export interface PostLink {
  slug: string;
  title: string;
}

/** Whether readers can see a post at `now`: not a draft, and its time has come. */
export function isPostVisible(post: { status: PostStatus; publishedAt: Date | null }, now: Date): boolean {
  return post.status !== 'draft' && post.publishedAt !== null && post.publishedAt.getTime() <= now.getTime();
}

/** The status as the author should read it: a scheduled post whose time has come is published. */
export function displayStatus(post: { status: PostStatus; publishedAt: Date | null }, now: Date): PostStatus {
  if (post.status === 'draft') return 'draft';
  return isPostVisible(post, now) ? 'published' : 'scheduled';
}

export interface Page<T> {
  items: T[];
  page: number;
  hasNewer: boolean;
  hasOlder: boolean;
}

export interface ListOptions {
  now: Date;
  page?: number;
  perPage?: number;
  tagSlug?: string;
  /** A calendar month in the given (site) time zone. */
  month?: { year: number; month: number; timeZone: string };
}

export async function listPublishedPosts(db: Db, options: ListOptions): Promise<Page<PostSummary>> {
  const perPage = options.perPage ?? 10;
  const page = Math.max(1, options.page ?? 1);
  let query = selectPostSummaries(db).where(isVisible(options.now));
  if (options.tagSlug) query = query.where(whereTagged(options.tagSlug));
  if (options.month) {
    const { start, end } = monthRange(options.month.year, options.month.month, options.month.timeZone);
    query = query.where('posts.published_at', '>=', start).where('posts.published_at', '<', end);
  }
  const rows = await query
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(perPage + 1)
    .offset((page - 1) * perPage)
    .execute();
  return {
    items: rows.slice(0, perPage).map(toSummary),
    page,
    hasNewer: page > 1,
    hasOlder: rows.length > perPage,
  };
}

/** Every post, drafts and scheduled ones included, for the author's dashboard: newest first. */
export async function listPostsForAuthor(
  db: Db,
  options: { page?: number; perPage?: number } = {},
): Promise<Page<PostSummary>> {
  const perPage = options.perPage ?? 50;
  const page = Math.max(1, options.page ?? 1);
  const rows = await selectPostSummaries(db)
    .orderBy((eb) => eb.fn.coalesce('posts.published_at', 'posts.updated_at'), 'desc')
    .orderBy('posts.id', 'desc')
    .limit(perPage + 1)
    .offset((page - 1) * perPage)
    .execute();
  return { items: rows.slice(0, perPage).map(toSummary), page, hasNewer: page > 1, hasOlder: rows.length > perPage };
}

/** The newest visible posts with their full HTML, for the feed. */
export async function listRecentPosts(db: Db, now: Date, limit = 20): Promise<Post[]> {
  const rows = await selectPostDetail(db)
    .where(isVisible(now))
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toPost);
}

export async function findVisiblePostBySlug(db: Db, slug: string, now: Date): Promise<Post | null> {
  const row = await selectPostDetail(db).where('posts.slug', '=', slug).where(isVisible(now)).executeTakeFirst();
  return row ? toPost(row) : null;
}

/** Any post by slug, drafts included: for the author. */
export async function findPostBySlug(db: Db, slug: string): Promise<Post | null> {
  const row = await selectPostDetail(db).where('posts.slug', '=', slug).executeTakeFirst();
  return row ? toPost(row) : null;
}

/** Any post by id, drafts included: for the author's editor. */
export async function findPostById(db: Db, id: number): Promise<Post | null> {
  const row = await selectPostDetail(db).where('posts.id', '=', id).executeTakeFirst();
  return row ? toPost(row) : null;
}

/** The visible posts just before (older) and after (newer) a visible post. */
export async function findAdjacentPosts(
  db: Db,
  post: { id: number; publishedAt: Date | null },
  now: Date,
): Promise<{ older: PostLink | null; newer: PostLink | null }> {
  if (!post.publishedAt) return { older: null, newer: null };
  const at = { id: post.id, publishedAt: post.publishedAt };
  const [older, newer] = await Promise.all([
    selectAdjacentPost(db, at, 'older', now).executeTakeFirst(),
    selectAdjacentPost(db, at, 'newer', now).executeTakeFirst(),
  ]);
  return { older: older ?? null, newer: newer ?? null };
}
