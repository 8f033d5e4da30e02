// A post's body as HTML, with its uploaded images as <picture>s: rendered
// when the post is saved (reading never renders Markdown), and again for the
// posts using an upload that is deleted.
import type { Db } from '../db.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import {
  listMediaReferences,
  loadPostImages,
  mediaIdOf,
  recordPostMedia as recordUsages,
} from '../media/post-media.ts';
import { findPostCoverId, listPostBodies, updatePostRow } from './repo.ts';

/**
 * A post now uses these uploads from its body, and its cover: the library
 * shows where a cover is used and asks before deleting it, and deleting it
 * records a change to the post (the cover column is cleared by its foreign key).
 */
export async function recordPostMedia(db: Db, postId: number, bodyMediaIds: number[]): Promise<void> {
  const cover = await findPostCoverId(db, postId);
  await recordUsages(db, postId, cover === null ? bodyMediaIds : [...new Set([...bodyMediaIds, cover])]);
}

export interface RenderedBody {
  html: string;
  /** The uploads the body shows (references to missing uploads are not counted). */
  mediaIds: number[];
}

export async function renderPostBody(db: Db, markdown: string): Promise<RenderedBody> {
  const images = await loadPostImages(db, listMediaReferences(markdown));
  const html = renderMarkdown(markdown, 'post', {
    resolveImage: (href) => {
      const id = mediaIdOf(href);
      return id === null ? null : (images.get(id) ?? null);
    },
  });
  return { html, mediaIds: [...images.keys()] };
}

/** Renders these posts' bodies again (after an upload they use was deleted). */
export async function rerenderPostBodies(db: Db, postIds: number[]): Promise<void> {
  if (postIds.length === 0) return;
  const posts = await listPostBodies(db, postIds);
  for (const post of posts) {
    const body = await renderPostBody(db, post.body_md);
    await updatePostRow(db, post.id, { body_html: body.html });
    await recordPostMedia(db, post.id, body.mediaIds);
  }
}
