// Reading comments: a post's thread for the page (one query) and its feed.
import type { MediaVariantJson, ModerationStatus } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import type { ReactionTally } from '../reactions/kinds.ts';
import { toTally } from '../reactions/repo.ts';
import { listApprovedNewestFirst, listSiteApprovedNewestFirst, selectThreadRows, type Viewer } from './repo.ts';
import { buildThread, type ThreadNode } from './tree.ts';

export type { Viewer } from './repo.ts';

export interface ThreadComment {
  id: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string | null;
  /** A member's handle, for the link to their profile; null for visitors and former members. */
  authorHandle: string | null;
  /** A member's uploaded avatar variants; null shows their identicon. */
  authorAvatar: MediaVariantJson[] | null;
  bodyHtml: string;
  status: ModerationStatus;
  /** Written by one of the site's authors: shown with an "author" badge. */
  byAuthor: boolean;
  userId: string | null;
  /** Written by the person looking (their account, or their visitor cookie). */
  mine: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Readers' hearts, "me too"s and "thank you"s (counted on published comments only); none when absent. */
  reactions?: ReactionTally;
}

export interface Thread {
  nodes: ThreadNode<ThreadComment>[];
  /** Every comment shown, by id, e.g. to name the one being replied to. */
  byId: Map<number, ThreadComment>;
  /** Published comments only (what the post's listings count). */
  approvedCount: number;
}

type ThreadRowData = Awaited<ReturnType<ReturnType<typeof selectThreadRows>['execute']>>[number];

// Alike media/service.ts toMediaItem: kept apart because only the row-to-object shape is shared.
function toThreadComment(row: ThreadRowData): ThreadComment {
  return {
    id: row.id,
    parentId: row.parent_id,
    authorName: row.author_name,
    authorUrl: row.author_url,
    authorHandle: row.author_handle,
    authorAvatar: row.author_avatar ?? null,
    bodyHtml: row.body_html,
    status: row.status,
    byAuthor: Boolean(row.by_author),
    userId: row.user_id,
    mine: Boolean(row.mine),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    reactions: toTally(row.reaction_counts),
  };
}

/** The thread as this viewer may see it, read with a single query and built in memory. */
export async function loadThread(db: Db, postId: number, viewer: Viewer, maxDepth: number): Promise<Thread> {
  return assembleThread(await readThreadComments(db, postId, viewer), maxDepth);
}

/** The rows of a thread, oldest first, each with its reactions counted: ONE query. */
export async function readThreadComments(db: Db, postId: number, viewer: Viewer): Promise<ThreadComment[]> {
  return (await selectThreadRows(db, postId, viewer).execute()).map(toThreadComment);
}

/** The thread built from its rows (pure). */
export function assembleThread(rows: readonly ThreadComment[], maxDepth: number): Thread {
  const nodes = buildThread(rows, maxDepth);
  const byId = new Map<number, ThreadComment>();
  const walk = (list: ThreadNode<ThreadComment>[]) => {
    for (const node of list) {
      byId.set(node.comment.id, node.comment);
      walk(node.replies);
    }
  };
  walk(nodes);
  const approvedCount = [...byId.values()].filter((c) => c.status === 'approved').length;
  return { nodes, byId, approvedCount };
}

export interface FeedComment {
  id: number;
  authorName: string;
  bodyMd: string;
  bodyHtml: string;
  createdAt: Date;
}

interface SiteFeedComment extends FeedComment {
  post: { title: string; slug: string };
}

type FeedRow = Awaited<ReturnType<typeof listApprovedNewestFirst>>[number];

function toFeedComment(row: FeedRow): FeedComment {
  return {
    id: row.id,
    authorName: row.author_name,
    bodyMd: row.body_md,
    bodyHtml: row.body_html,
    createdAt: row.created_at,
  };
}

/** The site's newest comments, on every post readers can see. */
export async function listSiteFeedComments(db: Db, now: Date, limit = 50): Promise<SiteFeedComment[]> {
  const rows = await listSiteApprovedNewestFirst(db, now, limit);
  return rows.map((r) => ({ ...toFeedComment(r), post: { title: r.post_title, slug: r.post_slug } }));
}

export async function listFeedComments(db: Db, postId: number, limit = 50): Promise<FeedComment[]> {
  return (await listApprovedNewestFirst(db, postId, limit)).map(toFeedComment);
}
