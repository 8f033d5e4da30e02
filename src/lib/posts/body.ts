// A post's body as HTML, with its uploaded images as <picture>s: rendered
// when the post is saved (reading never renders Markdown), and again for the
// posts using an upload that is deleted.
import type { Db } from '../db.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { listMediaReferences, loadPostImages, mediaIdOf, recordPostMedia } from '../media/post-media.ts';

export { recordPostMedia };

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
  const posts = await db.selectFrom('posts').select(['id', 'body_md']).where('id', 'in', postIds).execute();
  for (const post of posts) {
    const body = await renderPostBody(db, post.body_md);
    await db.updateTable('posts').set({ body_html: body.html }).where('id', '=', post.id).execute();
    await recordPostMedia(db, post.id, body.mediaIds);
  }
}
