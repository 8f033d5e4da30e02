// Posts as the rest of the app sees them: plain types, no queries.
import type { PostStatus } from '../../../db/schema.ts';
import type { ResponsiveImage } from '../markdown/markdown.ts';

export type CoverImage = ResponsiveImage;

export interface Tag {
  slug: string;
  name: string;
}

/** A post's cover: the upload, its alt text on this post, and how to show it (null once its files are gone). */
export interface Cover {
  mediaId: number;
  alt: string;
  image: CoverImage | null;
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
  cover: Cover | null;
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
  /** The cover image and its alt text; absent keeps none (imports, seeds). */
  cover?: { mediaId: number; alt: string } | null;
}

/** A link to another post (previous / next). */
export interface PostLink {
  slug: string;
  title: string;
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

export type { PostStatus };
