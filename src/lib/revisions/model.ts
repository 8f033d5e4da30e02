// What a revision is: the title, body and excerpt of a post or page as one save left them.
import type { RevisionKind } from '../../../db/schema.ts';

export type { RevisionKind };

/** The post or page a revision belongs to. */
export type Subject = { kind: 'post'; id: number } | { kind: 'page'; id: number };

export interface Revision {
  id: number;
  title: string;
  bodyMd: string;
  /** The excerpt the author wrote; null when it follows the opening. */
  excerpt: string | null;
  kind: RevisionKind;
  savedAt: Date;
  /** Who saved it; null once their account is gone. */
  authorName: string | null;
}

/** What a save keeps. */
export interface RevisionContent {
  title: string;
  bodyMd: string;
  excerpt: string | null;
}

/** Who saved, and when. */
export interface SavedBy {
  authorId: string;
  now: Date;
}
