// The author's side: the queue, approve / spam / delete, and closing a post's comments.
import type { ModerationStatus } from '../../../db/schema.ts';
import { commentChanged, postChanged } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { blockCovers, type BlockRow } from '../moderation/blocks.ts';
import { NotFoundError } from '../errors.ts';
import { learnFromDecision } from '../moderation/spam/filter.ts';
import { describeScore } from '../moderation/spam/view.ts';
import { parseInput } from '../validation.ts';
import { moderationInput, type ModerationDecision } from './input.ts';
import { announceApproved } from './notices.ts';
import {
  changeStatus,
  countByStatus,
  findComment,
  findCommentStatuses,
  listQueue,
  setPostCommentsClosed,
} from './repo.ts';
import { deleteOrBlank } from './service.ts';
import { listLiveCommentWriters } from './writers-repo.ts';

const QUEUE_PAGE_SIZE = 50;

export interface QueueItem {
  id: number;
  authorName: string;
  /** Shown to the author only, never to readers. */
  authorEmail: string | null;
  authorUrl: string | null;
  byAccount: boolean;
  bodyHtml: string;
  status: ModerationStatus;
  ip: string | null;
  createdAt: Date;
  postSlug: string;
  postTitle: string;
  inReplyTo: string | null;
  /** Why the rules held it or sent it to spam, and the spam filter's score (moderation/spam/view.ts). */
  reason: string | null;
  spamScore: string | null;
}

export interface Queue {
  items: QueueItem[];
  counts: Record<ModerationStatus, number>;
  page: number;
  hasMore: boolean;
}

export async function listModerationQueue(
  db: Db,
  options: { status: ModerationStatus | null; page: number; withContact?: boolean },
): Promise<Queue> {
  // A moderator's queue carries no email or client address (lib/auth/roles.ts): they never reach the page.
  const contact = options.withContact ?? true;
  const page = Math.max(1, Math.floor(options.page) || 1);
  const [rows, counts] = await Promise.all([
    listQueue(db, {
      status: options.status,
      limit: QUEUE_PAGE_SIZE + 1,
      offset: (page - 1) * QUEUE_PAGE_SIZE,
    }),
    countByStatus(db),
  ]);
  return {
    items: rows.slice(0, QUEUE_PAGE_SIZE).map((r) => ({
      id: r.id,
      authorName: r.author_name,
      authorEmail: contact ? r.author_email : null,
      authorUrl: r.author_url,
      byAccount: r.user_id !== null,
      bodyHtml: r.body_html,
      status: r.status,
      ip: contact ? r.ip : null,
      createdAt: r.created_at,
      postSlug: r.post_slug,
      postTitle: r.post_title,
      inReplyTo: r.parent_author_name,
      reason: r.moderation_reason,
      spamScore: describeScore(r.spam_score),
    })),
    counts,
    page,
    hasMore: rows.length > QUEUE_PAGE_SIZE,
  };
}

/** Applies one decision to the chosen comments; returns how many changed. */
export async function moderateComments(db: Db, raw: Record<string, unknown>, now: Date): Promise<number> {
  const { ids, decision } = parseInput(moderationInput, raw);
  return applyDecision(db, [...new Set(ids)], decision, now, { learn: true });
}

/** `learn`: a person's decision on these comments, which teaches the spam filter (a block's sweep does not). */
export async function applyDecision(
  db: Db,
  ids: number[],
  decision: ModerationDecision,
  now: Date,
  options: { learn?: boolean } = {},
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before = await findCommentStatuses(trx, ids);
    const changed = await decide(trx, ids, decision, now, options.learn ?? false);
    // Last, after every comment lock: cached threads and pages see the change on every process.
    if (changed > 0) await recordChange(trx, scopesOfDecision(before, decision));
    return changed;
  });
}

/** Each post touched, with the statuses its comments had and will have. */
function scopesOfDecision(before: { post_id: number; status: ModerationStatus }[], decision: ModerationDecision) {
  const after: ModerationStatus = decision === 'approve' ? 'approved' : decision === 'spam' ? 'spam' : 'deleted';
  const byPost = new Map<number, ModerationStatus[]>();
  for (const { post_id, status } of before) byPost.set(post_id, [...(byPost.get(post_id) ?? [after]), status]);
  return [...byPost].flatMap(([postId, statuses]) => commentChanged(postId, statuses));
}

async function decide(trx: Db, ids: number[], decision: ModerationDecision, now: Date, learn: boolean) {
  if (decision === 'approve') {
    const approved = await changeStatus(trx, ids, ['pending', 'spam'], 'approved', now);
    if (learn) await learnFromDecision(trx, 'comments', approved, 'ham');
    // Replies held until now reach the people they answer only once published.
    await announceApproved(trx, approved);
    return approved.length;
  }
  if (decision === 'spam') {
    const spammed = await changeStatus(trx, ids, ['pending', 'approved'], 'spam', now);
    if (learn) await learnFromDecision(trx, 'comments', spammed, 'spam');
    return spammed.length;
  }
  let changed = 0;
  for (const id of [...ids].sort((a, b) => b - a)) {
    const existing = await findComment(trx, id, true);
    if (!existing || existing.status === 'deleted') continue;
    await deleteOrBlank(trx, id, now);
    changed++;
  }
  return changed;
}

export async function setCommentsClosed(db: Db, postId: number, closed: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await setPostCommentsClosed(trx, postId, closed))) throw new NotFoundError('That post does not exist.');
    await recordChange(trx, postChanged(postId));
  });
}

/** A block's one step: every comment its writer has published or held goes to spam; returns how many. */
export async function spamCommentsCoveredBy(db: Db, block: Pick<BlockRow, 'kind' | 'value'>, now: Date) {
  const rows = await listLiveCommentWriters(db);
  const ids = rows.filter((r) => blockCovers(block, r)).map((r) => r.id);
  return ids.length === 0 ? 0 : applyDecision(db, ids, 'spam', now);
}
