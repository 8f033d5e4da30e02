// Posts as the rest of the app sees them: plain types, no queries.
import type { PostStatus } from '../../../db/schema.ts';

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
