// What readers and the author are shown: lists, single posts, the post page
// (kept per content version for readers).
import type { VersionState } from '../content/version.ts';
import { VersionedMemo } from '../content/versioned-memo.ts';
import { scope } from '../content/scopes.ts';
import type { Db } from '../db.ts';
import { monthRange } from './archive.ts';
import { toPost, toSummary } from './map.ts';
import type { ListOptions, Page, Post, PostLink, PostSummary } from './model.ts';
import { findRedirectTarget, selectAdjacentPost, selectPostDetail, selectPostSummaries, whereTagged } from './repo.ts';
import { isPostVisible, visibleToReaders } from './visibility.ts';

export async function listPublishedPosts(db: Db, options: ListOptions): Promise<Page<PostSummary>> {
  const perPage = options.perPage ?? 10;
  const page = Math.max(1, options.page ?? 1);
  let query = selectPostSummaries(db).where(visibleToReaders(options.now));
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
/** The newest posts readers can see, whole (for feeds), optionally those with one tag. */
export async function listRecentPosts(db: Db, now: Date, limit = 20, tagSlug?: string): Promise<Post[]> {
  let query = selectPostDetail(db).where(visibleToReaders(now));
  if (tagSlug) query = query.where(whereTagged(tagSlug));
  const rows = await query.orderBy('posts.published_at', 'desc').orderBy('posts.id', 'desc').limit(limit).execute();
  return rows.map(toPost);
}

export async function findVisiblePostBySlug(db: Db, slug: string, now: Date): Promise<Post | null> {
  const row = await selectPostDetail(db).where('posts.slug', '=', slug).where(visibleToReaders(now)).executeTakeFirst();
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

type PostPage =
  | { kind: 'post'; post: Post; visible: boolean; older: PostLink | null; newer: PostLink | null }
  | { kind: 'moved'; slug: string }
  | { kind: 'missing' };

export async function openPostPage(db: Db, slug: string, viewer: { now: Date; isAuthor: boolean }): Promise<PostPage> {
  const { now, isAuthor } = viewer;
  const post = await findPostBySlug(db, slug);
  if (post) {
    const visible = isPostVisible(post, now);
    if (!visible && !isAuthor) return { kind: 'missing' };
    const adjacent = visible ? await findAdjacentPosts(db, post, now) : { older: null, newer: null };
    return { kind: 'post', post, visible, ...adjacent };
  }
  const target = await findRedirectTarget(db, slug);
  if (!target) return { kind: 'missing' };
  if (!isAuthor) {
    if (!(await findVisiblePostBySlug(db, target.slug, now))) return { kind: 'missing' };
  }
  return { kind: 'moved', slug: target.slug };
}

const readerPages = new VersionedMemo<PostPage>({
  // Post edits, closing comments and publishing all record `posts` (src/lib/content/scopes.ts).
  scopes: [scope.posts],
  sizeOf: (page) => (page.kind === 'post' ? 2 * (page.post.bodyHtml.length + page.post.bodyMd.length) + 2048 : 256),
  maxBytes: 4 * 1024 * 1024,
});

/**
 * openPostPage for readers, kept while no post changes: a busy post costs its
 * queries once per post edit, not once per request. The author always reads afresh.
 */
export function openPostPageCached(
  db: Db,
  slug: string,
  viewer: { now: Date; isAuthor: boolean },
  version: VersionState,
): Promise<PostPage> {
  if (viewer.isAuthor) return openPostPage(db, slug, viewer);
  return readerPages.get(slug, version, viewer.now.getTime(), () => openPostPage(db, slug, viewer));
}
