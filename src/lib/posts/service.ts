// Writing posts: the editor's submission (preview, draft, publish, schedule),
// create, update (old slugs kept as redirects) and delete. Body HTML is rendered
// here, at write time, so reading never renders Markdown.
import { postChanged } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { recordPostMedia, renderPostBody, type RenderedBody } from './body.ts';
import { excerptFrom, toPost } from './map.ts';
import type { Post, PostDraft } from './model.ts';
import {
  addSlugRedirect,
  deletePostRow,
  dropSlugRedirect,
  findTagIds,
  insertPost,
  isSlugTaken,
  lockPost,
  mediaExists,
  replacePostTags,
  selectPostDetail,
  setAuthorOfUnownedPosts,
  updatePostRow,
} from './repo.ts';
import { dropSlugRedirects, insertPostTagLinks, insertPosts, listTakenSlugs } from './import-repo.ts';
import { isValidSlug, slugify } from './slug.ts';
import { readPostForm, type RawPostForm } from './input.ts';
import { findPostById } from './view.ts';
import type { SavedBy } from '../revisions/model.ts';
import { getRevision, keepRevision } from '../revisions/revisions.ts';

const SLUG_TAKEN = 'Another post already uses this slug. Choose another, or leave it empty to make one.';

type PostChanges = Omit<PostDraft, 'authorId'> & { commentsClosed: boolean };

async function uniqueSlug(db: Db, base: string, exceptPostId: number | null): Promise<string> {
  const root = base || 'post';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? root : `${root}-${n}`;
    if (!(await isSlugTaken(db, candidate, exceptPostId))) return candidate;
  }
}

/** An explicit slug must be free; a generated one gets -2, -3… on a clash. */
async function chooseSlug(db: Db, wanted: string | null, title: string, postId: number | null): Promise<string> {
  if (wanted === null) return uniqueSlug(db, slugify(title), postId);
  if (!isValidSlug(wanted)) throw new ValidationError({ slug: 'Use lower-case letters, digits and single hyphens.' });
  if (await isSlugTaken(db, wanted, postId)) throw new ConflictError(SLUG_TAKEN, { slug: SLUG_TAKEN });
  return wanted;
}

/** Two saves racing for one slug: the loser gets the same answer as a taken slug. */
async function withSlugConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === '23505' && String((error as Error).message).includes('slug')) {
      throw new ConflictError(SLUG_TAKEN, { slug: SLUG_TAKEN });
    }
    throw error;
  }
}

const COVER_GONE = 'This image is no longer in the media library. Choose another, or no cover.';

/** The cover columns for a save: a cover must be an upload that exists. */
async function coverColumns(db: Db, cover: PostDraft['cover']) {
  if (cover === undefined) return {};
  if (cover !== null && !(await mediaExists(db, cover.mediaId))) {
    throw new ValidationError({ cover_media_id: COVER_GONE });
  }
  return { cover_media_id: cover?.mediaId ?? null, cover_alt: cover?.alt ?? '' };
}

async function setTags(db: Db, postId: number, names: string[]): Promise<void> {
  const tagIds = await findTagIds(
    db,
    names.map((name) => ({ slug: slugify(name), name })),
  );
  await replacePostTags(db, postId, tagIds);
}

/** `savedBy`: the author's save from the editor, kept as a revision (imports and seeds keep none). */
export async function createPost(db: Db, draft: PostDraft, savedBy?: SavedBy): Promise<Post> {
  return withSlugConflict(() =>
    db.transaction().execute(async (trx) => {
      const slug = await chooseSlug(trx, draft.slug, draft.title, null);
      await dropSlugRedirect(trx, slug);
      const body = await renderPostBody(trx, draft.bodyMd);
      const id = await insertPost(trx, {
        slug,
        title: draft.title,
        body_md: draft.bodyMd,
        body_html: body.html,
        excerpt: draft.excerpt ?? excerptFrom(draft.bodyMd),
        status: draft.status,
        published_at: draft.publishedAt,
        author_id: draft.authorId,
        comments_closed: draft.commentsClosed ?? false,
        ...(await coverColumns(trx, draft.cover)),
      });
      await setTags(trx, id, draft.tags);
      await recordPostMedia(trx, id, body.mediaIds);
      if (savedBy) await keepRevision(trx, { kind: 'post', id }, draft, savedBy);
      await recordChange(trx, postChanged(id));
      return toPost(await selectPostDetail(trx).where('posts.id', '=', id).executeTakeFirstOrThrow());
    }),
  );
}

/**
 * Replaces a post's content in one transaction: any refusal leaves the saved
 * version untouched. A changed slug keeps the old one answering (301).
 */
export async function updatePost(
  db: Db,
  id: number,
  changes: PostChanges,
  now: Date,
  savedBy?: SavedBy,
): Promise<Post> {
  return withSlugConflict(() =>
    db.transaction().execute(async (trx) => {
      const current = await lockPost(trx, id);
      if (!current) throw new NotFoundError('This post no longer exists.');
      const slug = await chooseSlug(trx, changes.slug, changes.title, id);
      if (slug !== current.slug) {
        await dropSlugRedirect(trx, slug);
        await addSlugRedirect(trx, current.slug, id);
      }
      const body = await renderPostBody(trx, changes.bodyMd);
      await updatePostRow(trx, id, {
        slug,
        title: changes.title,
        body_md: changes.bodyMd,
        body_html: body.html,
        excerpt: changes.excerpt ?? excerptFrom(changes.bodyMd),
        status: changes.status,
        published_at: changes.publishedAt,
        comments_closed: changes.commentsClosed,
        ...(await coverColumns(trx, changes.cover)),
        updated_at: now,
      });
      await setTags(trx, id, changes.tags);
      await recordPostMedia(trx, id, body.mediaIds);
      if (savedBy) await keepRevision(trx, { kind: 'post', id }, changes, savedBy);
      await recordChange(trx, postChanged(id));
      return toPost(await selectPostDetail(trx).where('posts.id', '=', id).executeTakeFirstOrThrow());
    }),
  );
}

/**
 * Puts an earlier revision's title, body and excerpt back (the status, slug and
 * tags stay as they are) and keeps that as a new revision, so a restore can be undone.
 */
export async function restorePostRevision(db: Db, postId: number, revisionId: number, savedBy: SavedBy): Promise<Post> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockPost(trx, postId))) throw new NotFoundError('This post no longer exists.');
    const revision = await getRevision(trx, { kind: 'post', id: postId }, revisionId);
    const body = await renderPostBody(trx, revision.bodyMd);
    await updatePostRow(trx, postId, {
      title: revision.title,
      body_md: revision.bodyMd,
      body_html: body.html,
      excerpt: revision.excerpt ?? excerptFrom(revision.bodyMd),
      updated_at: savedBy.now,
    });
    await recordPostMedia(trx, postId, body.mediaIds);
    await keepRevision(trx, { kind: 'post', id: postId }, revision, savedBy, 'restore');
    await recordChange(trx, postChanged(postId));
    return toPost(await selectPostDetail(trx).where('posts.id', '=', postId).executeTakeFirstOrThrow());
  });
}

/** Deletes a post with its tags links, redirects and comments; returns its title. */
export async function deletePost(db: Db, id: number): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const deleted = await deletePostRow(trx, id);
    if (!deleted) throw new NotFoundError('This post no longer exists.');
    await recordChange(trx, postChanged(id));
    return deleted.title;
  });
}

/**
 * Gives posts that have no author (the sample posts, imported before anyone
 * could sign in) to the site's first author, so they show a byline.
 */
export async function adoptUnownedPosts(db: Db, authorId: string): Promise<number> {
  const adopted = await setAuthorOfUnownedPosts(db, authorId);
  if (adopted > 0) await recordChange(db, postChanged(null));
  return adopted;
}

type SaveIntent = 'draft' | 'publish' | 'schedule';

export type EditorResult =
  { kind: 'saved'; intent: SaveIntent; post: Post } | { kind: 'preview'; title: string; bodyHtml: string };

interface EditorContext {
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
    cover: form.cover,
    ...form.publication,
  };
  const savedBy = { authorId: context.authorId, now };
  const post =
    postId === null
      ? await createPost(db, { ...changes, authorId: context.authorId }, savedBy)
      : await updatePost(db, postId, changes, now, savedBy);
  return { kind: 'saved', intent: form.intent, post };
}

/** One post as an import writes it (src/lib/import decides what; this applies it). */
interface ImportedPostWrite {
  /** The post an earlier import of the same source post wrote, or null. */
  id: number | null;
  /** The slug wanted; a taken one gets -2, -3… */
  slugBase: string;
  title: string;
  bodyMd: string;
  /** null = made from the body. */
  excerpt: string | null;
  status: PostDraft['status'];
  publishedAt: Date | null;
  byline: string | null;
  commentsClosed: boolean;
  tagIds: number[];
  authorId: string | null;
  now: Date;
}

/** "trip-2" is still the slug made from "trip": re-imports keep it rather than renaming. */
function isSlugFrom(slug: string, base: string): boolean {
  return slug === base || (slug.startsWith(`${base}-`) && /^\d+$/.test(slug.slice(base.length + 1)));
}

/**
 * Creates or replaces an imported post inside the caller's transaction (an
 * import is one transaction). A slug the source renamed keeps answering (301).
 */
export async function writeImportedPost(db: Db, post: ImportedPostWrite): Promise<number> {
  const body = await renderPostBody(db, post.bodyMd);
  const values = {
    title: post.title,
    body_md: post.bodyMd,
    body_html: body.html,
    excerpt: post.excerpt ?? excerptFrom(post.bodyMd),
    status: post.status,
    published_at: post.publishedAt,
    byline: post.byline,
    comments_closed: post.commentsClosed,
    updated_at: post.now,
  };
  const base = post.slugBase || 'post';
  let id: number;
  if (post.id !== null) {
    id = post.id;
    const current = await lockPost(db, id);
    if (!current) throw new NotFoundError('This post no longer exists.');
    const slug = isSlugFrom(current.slug, base) ? current.slug : await uniqueSlug(db, base, id);
    if (slug !== current.slug) {
      await dropSlugRedirect(db, slug);
      await addSlugRedirect(db, current.slug, id);
    }
    await updatePostRow(db, id, { ...values, slug });
  } else {
    const slug = await uniqueSlug(db, base, null);
    await dropSlugRedirect(db, slug);
    id = await insertPost(db, { ...values, slug, author_id: post.authorId, created_at: post.publishedAt ?? post.now });
  }
  await replacePostTags(db, id, post.tagIds);
  await recordPostMedia(db, id, body.mediaIds);
  return id;
}

/**
 * Inserts many new imported posts at once (an import writes thousands): slugs
 * chosen for the whole batch with one query, one insert, one tag insert.
 * Returns the new ids in the order given.
 */
export async function insertImportedPosts(db: Db, posts: Omit<ImportedPostWrite, 'id'>[]): Promise<number[]> {
  if (posts.length === 0) return [];
  const bases = posts.map((p) => p.slugBase || 'post');
  const candidates = bases.flatMap((b) => [b, ...[2, 3, 4, 5, 6].map((n) => `${b}-${n}`)]);
  const taken = new Set(await listTakenSlugs(db, [...new Set(candidates)]));
  const slugs: string[] = [];
  for (const base of bases) {
    let slug = [base, ...[2, 3, 4, 5, 6].map((n) => `${base}-${n}`)].find((s) => !taken.has(s));
    // Rarely six are taken: look further one by one, past those this batch took.
    for (let n = 7; !slug; n++) {
      const candidate = `${base}-${n}`;
      if (!taken.has(candidate) && !(await isSlugTaken(db, candidate, null))) slug = candidate;
    }
    taken.add(slug);
    slugs.push(slug);
  }
  await dropSlugRedirects(db, slugs);
  const bodies: RenderedBody[] = [];
  for (const p of posts) bodies.push(await renderPostBody(db, p.bodyMd));
  const rows = await insertPosts(
    db,
    posts.map((p, i) => ({
      slug: slugs[i]!,
      title: p.title,
      body_md: p.bodyMd,
      body_html: bodies[i]!.html,
      excerpt: p.excerpt ?? excerptFrom(p.bodyMd),
      status: p.status,
      published_at: p.publishedAt,
      byline: p.byline,
      comments_closed: p.commentsClosed,
      author_id: p.authorId,
      created_at: p.publishedAt ?? p.now,
      updated_at: p.now,
    })),
  );
  const idBySlug = new Map(rows.map((r) => [r.slug, r.id]));
  const ids = slugs.map((s) => idBySlug.get(s)!);
  const links = posts.flatMap((p, i) => [...new Set(p.tagIds)].map((tagId) => ({ post_id: ids[i]!, tag_id: tagId })));
  if (links.length > 0) await insertPostTagLinks(db, links);
  // An import of a Wishcast export may show the site's own uploads.
  for (const [i, body] of bodies.entries())
    if (body.mediaIds.length > 0) await recordPostMedia(db, ids[i]!, body.mediaIds);
  return ids;
}
