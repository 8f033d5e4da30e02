// Posts as the rest of the app sees them, and the rules for writing them.
import type { PostStatus } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { ValidationError } from '../errors.ts';
import { markdownToText, renderMarkdown, truncateText } from '../markdown/markdown.ts';
import { findTagIds, isSlugTaken, isVisible, replacePostTags, selectPostDetail, selectPostSummaries } from './repo.ts';
import { isValidSlug, slugify } from './slug.ts';

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
}

export const EXCERPT_LENGTH = 220;

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectPostSummaries>['execute']>>[number];
type DetailRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectPostDetail>['executeTakeFirst']>>>;

function toSummary(row: SummaryRow): PostSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    status: row.status,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    commentCount: Number(row.comment_count ?? 0),
    tags: row.tags ?? [],
  };
}

function toPost(row: DetailRow): Post {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    status: row.status,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    tags: row.tags ?? [],
    bodyMd: row.body_md,
    bodyHtml: row.body_html,
    authorName: row.author_name,
    commentsClosed: row.comments_closed,
  };
}

export function excerptFrom(bodyMd: string): string {
  return truncateText(markdownToText(bodyMd), EXCERPT_LENGTH);
}

export interface Page<T> {
  items: T[];
  page: number;
  hasNewer: boolean;
  hasOlder: boolean;
}

export async function listPublishedPosts(
  db: Db,
  options: { now: Date; page?: number; perPage?: number; tagSlug?: string; month?: { year: number; month: number } },
): Promise<Page<PostSummary>> {
  const perPage = options.perPage ?? 10;
  const page = Math.max(1, options.page ?? 1);
  let query = selectPostSummaries(db).where(isVisible(options.now));
  if (options.tagSlug) {
    const tagSlug = options.tagSlug;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('post_tags')
          .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
          .select('post_tags.post_id')
          .whereRef('post_tags.post_id', '=', 'posts.id')
          .where('tags.slug', '=', tagSlug),
      ),
    );
  }
  if (options.month) {
    const start = new Date(Date.UTC(options.month.year, options.month.month - 1, 1));
    const end = new Date(Date.UTC(options.month.year, options.month.month, 1));
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

export async function findVisiblePostBySlug(db: Db, slug: string, now: Date): Promise<Post | null> {
  const row = await selectPostDetail(db).where('posts.slug', '=', slug).where(isVisible(now)).executeTakeFirst();
  return row ? toPost(row) : null;
}

/** Any post by slug, drafts included: for the author. */
export async function findPostBySlug(db: Db, slug: string): Promise<Post | null> {
  const row = await selectPostDetail(db).where('posts.slug', '=', slug).executeTakeFirst();
  return row ? toPost(row) : null;
}

async function uniqueSlug(db: Db, base: string, exceptPostId: number | null): Promise<string> {
  const root = base || 'post';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? root : `${root}-${n}`;
    if (!(await isSlugTaken(db, candidate, exceptPostId))) return candidate;
  }
}

/** Creates a post; an explicit slug must be free, a generated one gets -2, -3… on a clash. */
export async function createPost(db: Db, draft: PostDraft): Promise<Post> {
  if (draft.slug !== null && !isValidSlug(draft.slug)) {
    throw new ValidationError({ slug: 'Use lower-case letters, digits and single hyphens.' });
  }
  return db.transaction().execute(async (trx) => {
    let slug: string;
    if (draft.slug) {
      if (await isSlugTaken(trx, draft.slug, null)) {
        throw new ValidationError({ slug: 'Another post already uses this slug.' });
      }
      slug = draft.slug;
    } else {
      slug = await uniqueSlug(trx, slugify(draft.title), null);
    }
    const inserted = await trx
      .insertInto('posts')
      .values({
        slug,
        title: draft.title,
        body_md: draft.bodyMd,
        body_html: renderMarkdown(draft.bodyMd, 'post'),
        excerpt: draft.excerpt ?? excerptFrom(draft.bodyMd),
        status: draft.status,
        published_at: draft.publishedAt,
        author_id: draft.authorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tagIds = await findTagIds(
      trx,
      draft.tags.map((name) => ({ slug: slugify(name), name })),
    );
    await replacePostTags(trx, inserted.id, tagIds);
    const post = await selectPostDetail(trx).where('posts.id', '=', inserted.id).executeTakeFirstOrThrow();
    return toPost(post);
  });
}
