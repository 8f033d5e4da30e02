// What every importer turns its source into: entries (posts and pages) and
// comments in our terms, with the source's own ids, ready to be written.
import type { ModerationStatus, PageStatus, PostStatus } from '../../../db/schema.ts';

type ImportSource = 'wordpress' | 'blogger' | 'disqus';

/** Which export the rows came from: ids are unique only within one site. */
export interface SourceSite {
  source: ImportSource;
  /** The old site's address or the blog's id. */
  site: string;
}

export interface ImportedTag {
  name: string;
  /** Old listing URLs of this tag or category ("/category/travel"). */
  legacyPaths: string[];
}

export interface ImportedPost {
  kind: 'post';
  sourceId: string;
  title: string;
  /** Wanted slug, already in our form; '' = make one from the title. */
  slug: string;
  bodyMd: string;
  excerpt: string | null;
  status: PostStatus;
  publishedAt: Date | null;
  byline: string | null;
  tags: ImportedTag[];
  /** Old URLs of this post, normalised (src/lib/import/legacy.ts). */
  legacyPaths: string[];
  commentsClosed: boolean;
}

export interface ImportedPage {
  kind: 'page';
  sourceId: string;
  title: string;
  slug: string;
  bodyMd: string;
  status: PageStatus;
  showInMenu: boolean;
  menuOrder: number;
  /** When the source says it was written; null = now. */
  createdAt: Date | null;
  legacyPaths: string[];
}

export type ImportedEntry = ImportedPost | ImportedPage;

export interface ImportedComment {
  sourceId: string;
  /** The source id of the post it is under. */
  postSourceId: string;
  parentSourceId: string | null;
  authorName: string;
  authorEmail: string | null;
  authorUrl: string | null;
  bodyMd: string;
  status: ModerationStatus;
  createdAt: Date;
}

export const TITLE_LIMIT = 200;
export const NAME_LIMIT = 100;

/** An author's web address, kept only when it is a plain http(s) URL. */
export function safeAuthorUrl(raw: string | null | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href.slice(0, 500) : null;
  } catch {
    return null;
  }
}

/** An email address as given, when it looks like one. */
export function safeEmail(raw: string | null | undefined): string | null {
  const value = raw?.trim().toLowerCase();
  return value && value.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(value) ? value : null;
}

/** An image in the source's own media library (a WordPress attachment), copied after the import. */
export interface SourceImage {
  sourceId: string;
  url: string;
  /** The library's alt text for it ('' when none). */
  alt: string;
  title: string;
}

/** What a source says about its images beyond the bodies: its media library, and posts' featured images. */
export interface SourceMedia {
  images: SourceImage[];
  covers: { postSourceId: string; imageSourceId: string }[];
}

export function emptySourceMedia(): SourceMedia {
  return { images: [], covers: [] };
}
