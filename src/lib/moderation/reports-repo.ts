// SQL for readers' reports. reports.ts holds the rules (the threshold, what a moderator sees).
import type { ReportReason, ReportTarget } from '../../../db/schema.ts';
import type { Db } from '../db.ts';

const TABLES = { comment: 'comments', wish: 'wishes', offer: 'offers' } as const;

/** The reported item's status, its row locked until the report is counted. */
export async function lockReportedItem(trx: Db, target: ReportTarget, id: number) {
  return trx.selectFrom(TABLES[target]).select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A reader's second report of the same item counts once (and keeps their first reason). */
export async function insertReport(
  trx: Db,
  report: {
    target: ReportTarget;
    targetId: number;
    reporterKey: string;
    reason: ReportReason;
    note: string;
    now: Date;
  },
): Promise<void> {
  await trx
    .insertInto('reports')
    .values({
      target: report.target,
      target_id: report.targetId,
      reporter_key: report.reporterKey,
      reason: report.reason,
      note: report.note,
      created_at: report.now,
    })
    .onConflict((oc) => oc.columns(['target', 'target_id', 'reporter_key']).doNothing())
    .execute();
}

/** Distinct readers with an open report of the item. */
export async function countOpenReporters(trx: Db, target: ReportTarget, id: number): Promise<number> {
  const open = await trx
    .selectFrom('reports')
    .select((eb) => eb.fn.count<number>('reporter_key').distinct().as('n'))
    .where('target', '=', target)
    .where('target_id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(open.n);
}

/** Back to held; the comment's post, whose pages change. */
export async function markCommentPending(trx: Db, id: number, now: Date): Promise<{ post_id: number }> {
  return trx
    .updateTable('comments')
    .set({ status: 'pending', updated_at: now })
    .where('id', '=', id)
    .returning('post_id')
    .executeTakeFirstOrThrow();
}

export async function markItemPending(trx: Db, target: ReportTarget, id: number, now: Date): Promise<void> {
  const table = TABLES[target];
  await trx.updateTable(table).set({ status: 'pending', updated_at: now }).where('id', '=', id).execute();
}

/** The wish a wish or offer belongs to, with its board's date. */
export async function findWishOfItem(trx: Db, target: 'wish' | 'offer', id: number) {
  return trx
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'boards.wish_date'])
    .where(
      'wishes.id',
      '=',
      target === 'wish' ? id : trx.selectFrom('offers').select('offers.wish_id').where('offers.id', '=', id),
    )
    .executeTakeFirstOrThrow();
}

export async function markReportsResolved(db: Db, target: ReportTarget, ids: number[], now: Date): Promise<void> {
  await db
    .updateTable('reports')
    .set({ resolved_at: now })
    .where('target', '=', target)
    .where('target_id', 'in', ids)
    .where('resolved_at', 'is', null)
    .execute();
}

export async function findOpenReports(db: Db) {
  return db
    .selectFrom('reports')
    .select(['target', 'target_id', 'reason', 'note'])
    .where('resolved_at', 'is', null)
    .orderBy('id')
    .limit(2000)
    .execute();
}

export async function findCommentForReview(db: Db, id: number) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select(['comments.body_html', 'comments.author_name', 'comments.status', 'posts.slug'])
    .where('comments.id', '=', id)
    .executeTakeFirst();
}

export async function findOfferWishId(db: Db, id: number): Promise<number | undefined> {
  return (await db.selectFrom('offers').select('wish_id').where('id', '=', id).executeTakeFirst())?.wish_id;
}

export async function findWishOrOfferForReview(db: Db, target: 'wish' | 'offer', id: number) {
  return db
    .selectFrom(TABLES[target])
    .select(['body_html', 'author_name', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findWishDate(db: Db, wishId: number) {
  return db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select('boards.wish_date')
    .where('wishes.id', '=', wishId)
    .executeTakeFirst();
}

export async function findItemAuthorAndStatus(db: Db, target: ReportTarget, id: number) {
  return db.selectFrom(TABLES[target]).select(['author_name', 'status']).where('id', '=', id).executeTakeFirst();
}
