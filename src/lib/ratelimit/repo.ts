// Rate-limit hits in the database: SQL only (the rules are in ratelimit.ts).
import { sql } from 'kysely';
import type { Db } from '../db.ts';

/** One rule for take_rate_limit_hits: `bucket` is the 1-based place of its bucket in the names' array. */
interface NumberedRule {
  bucket: number;
  limit: number;
  windowSeconds: number;
}

/**
 * Calls the database function `take_rate_limit_hits`
 * (db/migrations/20261127_1300_rate_limit_function.ts): how long to wait, or
 * the ids of the hits it recorded.
 */
export async function callTakeRateLimitHits(
  db: Db,
  bucketNames: string[],
  rules: NumberedRule[],
  now: Date,
): Promise<{ wait_seconds: number; hit_ids: (string | number)[] | null }> {
  const { rows } = await sql<{ wait_seconds: number; hit_ids: (string | number)[] | null }>`
    select wait_seconds, hit_ids from take_rate_limit_hits(
      ${bucketNames}::text[],
      ${rules.map((r) => r.bucket)}::int[],
      ${rules.map((r) => r.limit)}::int[],
      ${rules.map((r) => r.windowSeconds)}::int[],
      ${now}::timestamptz
    )`.execute(db);
  return rows[0]!;
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
