// The outbox: SQL only. A mail is written in the caller's transaction, so it
// exists exactly when the event that caused it was committed; workers on any
// process claim due rows with FOR UPDATE SKIP LOCKED under a lease.
import { sql } from 'kysely';
import type { LiveLinkJson, OutboxRow } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { readSiteName } from '../settings/settings.ts';
import { fillSiteName, type ComposedMail } from './compose.ts';

type Writer = Pick<Db, 'insertInto' | 'selectFrom'>;

export interface NewMail extends ComposedMail {
  to: string;
  kind: string;
  userId?: string | null;
  /** At most one mail per key, ever (a reminder per board and person, a batched moderation mail). */
  dedupeKey?: string | null;
  /** Not before this time; null or absent: as soon as a worker runs. */
  notBefore?: Date | null;
  /** What the link standing as LINK_SLOT in the text is for; the worker mints it at send time. */
  link?: LiveLinkJson | null;
}

function toValues(mail: NewMail) {
  return {
    user_id: mail.userId ?? null,
    recipient: mail.to,
    kind: mail.kind,
    subject: mail.subject,
    text_body: mail.text,
    html_body: mail.html,
    headers: JSON.stringify({ 'Message-ID': mail.messageId, ...mail.headers }),
    message_id: mail.messageId,
    dedupe_key: mail.dedupeKey ?? null,
    next_attempt_at: mail.notBefore ?? null,
    link: mail.link ? JSON.stringify(mail.link) : null,
  };
}

/** Queues mail in the caller's transaction; returns how many were new (a repeated dedupe key is skipped). */
export async function enqueueMail(db: Writer, mail: NewMail | NewMail[]): Promise<number> {
  const list = Array.isArray(mail) ? mail : [mail];
  if (list.length === 0) return 0;
  const siteName = await readSiteName(db);
  const rows = await db
    .insertInto('outbox')
    .values(list.map((m) => toValues(fillSiteName(m, siteName))))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Claims up to `batch` due rows for `leaseSeconds`: queued ones whose time has
 * come, and rows another worker claimed but did not finish (it crashed) once
 * their lease ran out. Rows locked by a concurrent claim are skipped, not waited for.
 */
export async function claimDueMail(db: Db, now: Date, batch: number, leaseSeconds: number): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseSeconds * 1000);
  const result = await sql<OutboxRow>`
    with due as (
      select id from outbox
      where (status = 'queued' and (next_attempt_at is null or next_attempt_at <= ${now}))
         or (status = 'sending' and claimed_until <= ${now})
      order by id
      limit ${batch}
      for update skip locked
    )
    update outbox set status = 'sending', attempts = outbox.attempts + 1, claimed_until = ${leaseUntil}
    from due where outbox.id = due.id
    returning outbox.*`.execute(db);
  return result.rows.sort((a, b) => a.id - b.id);
}

/** The claims a worker still holds: each row as it claimed it (its id and the attempt its claim counted). */
function heldBy(rows: readonly OutboxRow[]) {
  return sql<boolean>`(id, attempts) in (${sql.join(rows.map((r) => sql`(${r.id}, ${r.attempts})`))})`;
}

/** Extends the worker's claims on rows it is still sending (a heartbeat), so no other worker takes them meanwhile. */
export async function renewClaims(db: Db, rows: readonly OutboxRow[], until: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .updateTable('outbox')
    .set({ claimed_until: until })
    .where('status', '=', 'sending')
    .where(heldBy(rows))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Gives claimed rows back untried (a clean stop): due again at once for any worker, their try not counted. */
export async function releaseClaims(db: Db, rows: readonly OutboxRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({ status: 'queued', claimed_until: null, attempts: eb('attempts', '-', 1) }))
    .where('status', '=', 'sending')
    .where(heldBy(rows))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Finishes a claimed row; nothing happens if the claim was lost (the lease ran out and another worker took it). */
async function finish(db: Db, row: OutboxRow, set: Record<string, unknown>): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ claimed_until: null, ...set })
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function markSent(db: Db, row: OutboxRow, now: Date) {
  return finish(db, row, { status: 'sent', sent_at: now, last_error: null });
}

export function markKept(db: Db, row: OutboxRow) {
  return finish(db, row, { status: 'kept', last_error: 'not sent: no SMTP configured' });
}

export function markRetry(db: Db, row: OutboxRow, at: Date, reason: string) {
  return finish(db, row, { status: 'queued', next_attempt_at: at, last_error: reason });
}

export function markFailed(db: Db, row: OutboxRow, reason: string) {
  return finish(db, row, { status: 'failed', last_error: reason });
}

interface OutboxPage {
  rows: OutboxRow[];
  nextBefore: number | null;
}

/** Newest first, by keyset on id. */
export async function listOutbox(
  db: Db,
  options: { before?: number | null; limit?: number } = {},
): Promise<OutboxPage> {
  const limit = options.limit ?? 50;
  let query = db
    .selectFrom('outbox')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (options.before) query = query.where('id', '<', options.before);
  const rows = await query.execute();
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: more ? page[page.length - 1]!.id : null };
}

export async function findOutboxMail(db: Db, id: number): Promise<OutboxRow | null> {
  return (await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function countOutbox(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Mail waiting to go (queued, or claimed and being sent): how many of each, and
 * since when the longest-waiting one has been due (queued, or its retry time).
 */
export async function outboxBacklog(
  db: Db,
): Promise<{ status: 'queued' | 'sending'; count: number; dueSince: Date }[]> {
  const rows = await db
    .selectFrom('outbox')
    .select([
      'status',
      (eb) => eb.fn.countAll<number>().as('count'),
      (eb) => eb.fn.min(eb.fn.coalesce('next_attempt_at', 'created_at')).as('due_since'),
    ])
    .where('status', 'in', ['queued', 'sending'])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({
    status: r.status as 'queued' | 'sending',
    count: Number(r.count),
    dueSince: new Date(r.due_since as Date),
  }));
}

/** Finished mail (sent, failed, or kept without SMTP) older than `days` goes: a mail log is not an archive. */
export async function pruneFinishedMail(db: Db, now: Date, days: number): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const result = await db
    .deleteFrom('outbox')
    .where('status', 'in', ['sent', 'failed', 'kept'])
    .where((eb) => eb(eb.fn.coalesce('sent_at', 'created_at'), '<', cutoff))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The address of the newest mail of `userId` whose link of this type is not
 * minted yet (queued, or being sent): a verification the account page can call
 * pending before the worker has sent it.
 */
export async function findQueuedLinkEmail(db: Db, userId: string, type: 'verify' | 'reset'): Promise<string | null> {
  const row = await db
    .selectFrom('outbox')
    .select(sql<string>`link->>'email'`.as('email'))
    .where('user_id', '=', userId)
    .where('status', 'in', ['queued', 'sending'])
    .where(sql<string>`link->>'type'`, '=', type)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.email ?? null;
}

/** Drops mail of these kinds still queued for an address (sent mail stays in the log). */
export async function deleteQueuedMailTo(db: Db, email: string, kinds: string[]): Promise<void> {
  await db
    .deleteFrom('outbox')
    .where('recipient', '=', email)
    .where('status', '=', 'queued')
    .where('kind', 'in', kinds)
    .execute();
}

/** The newest mail of this kind to the account, to batch the next one after it. */
export async function findLatestMailOfKind(db: Pick<Db, 'selectFrom'>, userId: string, kind: string) {
  return db
    .selectFrom('outbox')
    .select(['id', 'status', 'created_at', 'next_attempt_at', 'sent_at'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
