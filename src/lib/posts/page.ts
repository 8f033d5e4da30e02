// What /posts/<slug> shows: the post (to readers only once it is out; to the
// author always), a 301 from a former slug, or nothing.
import type { Db } from '../db.ts';
import {
  findAdjacentPosts,
  findPostBySlug,
  findVisiblePostBySlug,
  isPostVisible,
  type Post,
  type PostLink,
} from './posts.ts';
import { findRedirectTarget } from './repo.ts';
import type { VersionState } from '../content/version.ts';
import { VersionedMemo } from '../content/versioned-memo.ts';

export type PostPage =
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

const readerPages = new VersionedMemo<PostPage>();

/**
 * openPostPage for readers, kept per content version: a busy post costs its
 * queries once per write, not once per request. The author always reads afresh.
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
