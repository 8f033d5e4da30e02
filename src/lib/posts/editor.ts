// The author's editor: one submission is a preview (nothing saved) or a save
// as draft, published, or scheduled. Checks everything before writing anything.
import type { Db } from '../db.ts';
import { NotFoundError } from '../errors.ts';
import { renderPostBody } from './body.ts';
import { readPostForm, type RawPostForm } from './input.ts';
import { findPostById, type Post } from './posts.ts';
import { createPost, updatePost } from './write.ts';

export type SaveIntent = 'draft' | 'publish' | 'schedule';

export type EditorResult =
  { kind: 'saved'; intent: SaveIntent; post: Post } | { kind: 'preview'; title: string; bodyHtml: string };

export interface EditorContext {
  /** null for a new post. */
  postId: number | null;
  authorId: string;
  now: Date;
  timeZone: string;
}

export async function submitPostForm(db: Db, input: RawPostForm, context: EditorContext): Promise<EditorResult> {
  const { postId, now, timeZone } = context;
  const current = postId === null ? null : await findPostById(db, postId);
  if (postId !== null && !current) throw new NotFoundError('This post no longer exists.');
  const form = readPostForm(input, {
    now,
    timeZone,
    current: current ? { status: current.status, publishedAt: current.publishedAt } : null,
  });
  if (form.intent === 'preview' || !form.publication) {
    return { kind: 'preview', title: form.title, bodyHtml: (await renderPostBody(db, form.bodyMd)).html };
  }
  const changes = {
    title: form.title,
    slug: form.slug,
    bodyMd: form.bodyMd,
    excerpt: form.excerpt,
    tags: form.tags,
    commentsClosed: form.commentsClosed,
    ...form.publication,
  };
  const post =
    postId === null
      ? await createPost(db, { ...changes, authorId: context.authorId })
      : await updatePost(db, postId, changes, now);
  return { kind: 'saved', intent: form.intent, post };
}
