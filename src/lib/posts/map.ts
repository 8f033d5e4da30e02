// Rows to domain objects, in one place.
import { markdownToText, truncateText } from '../markdown/markdown.ts';
import { coverImageOf } from '../media/post-media.ts';
import type { Cover, Post, PostSummary } from './model.ts';
import type { selectPostDetail, selectPostSummaries } from './repo.ts';

const EXCERPT_LENGTH = 220;

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectPostSummaries>['execute']>>[number];
type DetailRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectPostDetail>['executeTakeFirst']>>>;

function coverOf(row: SummaryRow | DetailRow): Cover | null {
  if (row.cover_media_id === null) return null;
  const variants = row.cover_variants ?? [];
  return {
    mediaId: row.cover_media_id,
    alt: row.cover_alt,
    image: variants.length > 0 ? coverImageOf(variants, row.cover_alt) : null,
  };
}

/** What a summary and a whole post both say of a post. */
function postHead(row: SummaryRow | DetailRow) {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    status: row.status,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    tags: row.tags ?? [],
    cover: coverOf(row),
  };
}

export function toSummary(row: SummaryRow): PostSummary {
  return { ...postHead(row), commentCount: Number(row.comment_count ?? 0) };
}

export function toPost(row: DetailRow): Post {
  return {
    ...postHead(row),
    bodyMd: row.body_md,
    bodyHtml: row.body_html,
    authorName: row.author_name,
    commentsClosed: row.comments_closed,
  };
}

export function excerptFrom(bodyMd: string): string {
  return truncateText(markdownToText(bodyMd), EXCERPT_LENGTH);
}
