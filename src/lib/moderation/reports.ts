// Readers' reports (issue 29). Any reader, signed in or a visitor with the
// visitor cookie, reports a published comment, wish or offer once, with a
// reason. When the distinct readers with an open report reach the threshold (a
// setting, default 3) the item goes back to held: hidden from readers until a
// moderator decides, which closes its reports. Reporters are counted by a key
// and never shown, to the reported or to moderators.
import { z } from 'astro/zod';
import type { ReportReason, ReportTarget } from '../../../db/schema.ts';
import { commentChanged, wishChanged } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { NotFoundError } from '../errors.ts';
import { getSettings } from '../settings/settings.ts';
import { idField, parseInput } from '../validation.ts';
import {
  countOpenReporters,
  findCommentForReview,
  findItemAuthorAndStatus,
  findOfferWishId,
  findOpenReports,
  findWishDate,
  findWishOfItem,
  findWishOrOfferForReview,
  insertReport,
  lockReportedItem,
  markCommentPending,
  markItemPending,
  markReportsResolved,
} from './reports-repo.ts';

export type { ReportReason, ReportTarget };

export const REPORT_REASONS: Record<ReportReason, string> = {
  spam: 'Spam or advertising',
  unkind: 'Unkind or hurtful',
  private: 'Shares private information',
  other: 'Something else',
};

const reportInput = z.object({
  target: z.enum(['comment', 'wish', 'offer'], { error: 'Choose what to report.' }),
  id: idField,
  reason: z.enum(['spam', 'unkind', 'private', 'other'], { error: 'Choose a reason.' }),
  note: z.string().trim().max(500, 'Keep the note under 500 characters.').nullish(),
});

/** Who reports: an account, or a visitor by the hash of their cookie. */
type Reporter = { userId: string } | { visitorTokenHash: string };

function reporterKey(reporter: Reporter): string {
  return 'userId' in reporter ? `u:${reporter.userId}` : `v:${reporter.visitorTokenHash}`;
}

interface ReportResult {
  target: ReportTarget;
  id: number;
  /** The item went back to held with this report. */
  hidden: boolean;
}

export async function fileReport(db: Db, reporter: Reporter, raw: unknown, now: Date): Promise<ReportResult> {
  const input = parseInput(reportInput, raw);
  const threshold = (await getSettings(db)).reportThreshold;
  return db.transaction().execute(async (trx) => {
    const item = await lockReportedItem(trx, input.target, input.id);
    if (!item || item.status !== 'approved') {
      throw new NotFoundError(`That ${input.target} is not shown any more: there is nothing to report.`);
    }
    // A reader's second report of the same item counts once (and keeps their first reason).
    await insertReport(trx, {
      target: input.target,
      targetId: input.id,
      reporterKey: reporterKey(reporter),
      reason: input.reason,
      note: input.note ?? '',
      now,
    });
    const hidden = (await countOpenReporters(trx, input.target, input.id)) >= threshold;
    if (hidden) await holdForReview(trx, input.target, input.id, now);
    return { target: input.target, id: input.id, hidden };
  });
}

/** Back to held, and every page that showed it is fresh on its next request (content versions). */
async function holdForReview(trx: Db, target: ReportTarget, id: number, now: Date): Promise<void> {
  if (target === 'comment') {
    const row = await markCommentPending(trx, id, now);
    await recordChange(trx, commentChanged(row.post_id, ['approved', 'pending']));
    return;
  }
  await markItemPending(trx, target, id, now);
  const wish = await findWishOfItem(trx, target, id);
  await recordChange(trx, wishChanged(wish.wish_date, wish.id, ['approved', 'pending']));
}

/** A moderator decided on these items: their open reports are closed (a later report counts afresh). */
export async function resolveReports(db: Db, target: ReportTarget, ids: number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await markReportsResolved(db, target, ids, now);
}

interface ReportedItem {
  target: ReportTarget;
  id: number;
  /** Distinct readers with an open report. */
  readers: number;
  reasons: { reason: ReportReason; label: string; count: number }[];
  notes: string[];
  /** The item's sanitised HTML, its status, and where it is. */
  bodyHtml: string;
  authorName: string;
  status: string;
  link: string;
}

/** The queue: items with open reports, most reported first. No reporter is named. */
export async function listReported(db: Db): Promise<ReportedItem[]> {
  const rows = await findOpenReports(db);
  const byItem = new Map<string, { target: ReportTarget; id: number; rows: typeof rows }>();
  for (const r of rows) {
    const key = `${r.target}:${r.target_id}`;
    const entry = byItem.get(key) ?? { target: r.target, id: r.target_id, rows: [] };
    entry.rows.push(r);
    byItem.set(key, entry);
  }
  const items: ReportedItem[] = [];
  for (const { target, id, rows: reports } of byItem.values()) {
    const about = await describeItem(db, target, id);
    if (!about) continue;
    const counts = new Map<ReportReason, number>();
    for (const r of reports) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
    items.push({
      target,
      id,
      readers: reports.length,
      reasons: [...counts].map(([reason, count]) => ({ reason, label: REPORT_REASONS[reason], count })),
      notes: reports.map((r) => r.note).filter((n) => n !== ''),
      ...about,
    });
  }
  return items.sort((a, b) => b.readers - a.readers);
}

async function describeItem(db: Db, target: ReportTarget, id: number) {
  if (target === 'comment') {
    const c = await findCommentForReview(db, id);
    return c
      ? { bodyHtml: c.body_html, authorName: c.author_name, status: c.status, link: `/posts/${c.slug}#comment-${id}` }
      : null;
  }
  const wishId = target === 'wish' ? id : await findOfferWishId(db, id);
  if (wishId === undefined) return null;
  const row = await findWishOrOfferForReview(db, target, id);
  const wish = await findWishDate(db, wishId);
  if (!row || !wish) return null;
  const anchor = target === 'offer' ? `#offer-${id}` : '';
  return {
    bodyHtml: row.body_html,
    authorName: row.author_name,
    status: row.status,
    link: `/wishes/${wish.wish_date}/${wishId}${anchor}`,
  };
}

/** For the report page: whether the item can be reported, and a short excerpt of what it says. */
export async function findReportable(db: Db, target: ReportTarget, id: number): Promise<{ authorName: string } | null> {
  const row = await findItemAuthorAndStatus(db, target, id);
  return row && row.status === 'approved' ? { authorName: row.author_name } : null;
}
