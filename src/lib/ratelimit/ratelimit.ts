// Sliding-window limits kept in the database, so every app process counts the
// same hits. A transaction-scoped advisory lock on the bucket makes
// check-then-record atomic across processes.
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { RateLimitedError } from '../errors.ts';

export interface LimitRule {
  limit: number;
  windowSeconds: number;
}

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'deleteFrom'>;

async function lockBucket(trx: Db, bucket: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${bucket}, 0))`.execute(trx);
}

/** Seconds until the bucket is under every rule again, or 0 if it is now. */
async function secondsUntilAllowed(db: Executor, bucket: string, rules: LimitRule[], now: Date, factor: number) {
  let wait = 0;
  for (const rule of rules) {
    const since = new Date(now.getTime() - rule.windowSeconds * 1000);
    const limit = Math.max(1, Math.floor(rule.limit * factor));
    // The limit-th newest hit in the window, if there is one: the bucket is full, and that
    // hit must leave the window first. One row, however large the limit.
    const limitth = await db
      .selectFrom('rate_limit_hits')
      .select('hit_at')
      .where('bucket', '=', bucket)
      .where('hit_at', '>', since)
      .orderBy('hit_at', 'desc')
      .offset(limit - 1)
      .limit(1)
      .executeTakeFirst();
    if (limitth) {
      wait = Math.max(wait, (limitth.hit_at.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000);
    }
  }
  return wait;
}

/**
 * Records one hit in each bucket, or throws RateLimitedError (recording
 * nothing) if any is full. Resolves with the recorded hits' ids, so a caller
 * that counted an attempt before knowing its outcome can take it back.
 */
export async function takeHit(
  db: Db,
  buckets: { bucket: string; rules: LimitRule[] }[],
  now: Date,
  factor = 1,
): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const sorted = [...buckets].sort((a, b) => a.bucket.localeCompare(b.bucket));
    for (const { bucket } of sorted) await lockBucket(trx, bucket);
    let wait = 0;
    for (const { bucket, rules } of sorted) {
      wait = Math.max(wait, await secondsUntilAllowed(trx, bucket, rules, now, factor));
    }
    if (wait > 0) throw new RateLimitedError(wait);
    const rows = await trx
      .insertInto('rate_limit_hits')
      .values(sorted.map(({ bucket }) => ({ bucket, hit_at: now })))
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  });
}

/** Takes back hits recorded by takeHit (an attempt that turned out not to count). */
export async function forgetHits(db: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('rate_limit_hits').where('id', 'in', ids).execute();
}

export async function clearBucket(db: Db, bucket: string): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('bucket', '=', bucket).execute();
}

/** Drops hits older than any window we use; called by the daily housekeeping job. */
export async function pruneHits(db: Db, now: Date, keepSeconds = 86_400): Promise<void> {
  await db
    .deleteFrom('rate_limit_hits')
    .where('hit_at', '<', new Date(now.getTime() - keepSeconds * 1000))
    .execute();
}
