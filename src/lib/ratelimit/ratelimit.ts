// Sliding-window limits kept in the database, so every app process counts the
// same hits. A transaction-scoped advisory lock on the bucket makes
// check-then-record atomic across processes (inside one database function).
import type { Db } from '../db.ts';
import { RateLimitedError } from '../errors.ts';
import { callTakeRateLimitHits } from './repo.ts';

// Many domains take back or clear hits along with taking them; the queries live in repo.ts.
export { clearBucket, forgetHits, pruneHits } from './repo.ts';

export interface LimitRule {
  limit: number;
  windowSeconds: number;
}

/** The largest limit the database function takes (an int). */
const MAX_INT = 2_147_483_647;

/**
 * Records one hit in each bucket, or throws RateLimitedError (recording
 * nothing) if any is full. Resolves with the recorded hits' ids, so a caller
 * that counted an attempt before knowing its outcome can take it back.
 *
 * One round trip: the database function `take_rate_limit_hits`
 * (db/migrations/20261127_1300_rate_limit_function.ts) locks each bucket
 * (advisory, until its transaction ends, so check-then-record is atomic across
 * processes), finds for each rule the limit-th newest hit in its window, and
 * either says how long to wait or records the hits.
 */
export async function takeHit(
  db: Db,
  buckets: { bucket: string; rules: LimitRule[] }[],
  now: Date,
  factor = 1,
): Promise<number[]> {
  // Locks are always taken in the same order, so two takers never wait on each other in a cycle.
  const sorted = [...buckets].sort((a, b) => a.bucket.localeCompare(b.bucket));
  const rules = sorted.flatMap(({ rules }, i) =>
    rules.map((rule) => ({
      bucket: i + 1,
      limit: Math.min(MAX_INT, Math.max(1, Math.floor(rule.limit * factor))),
      windowSeconds: rule.windowSeconds,
    })),
  );
  const row = await callTakeRateLimitHits(
    db,
    sorted.map((b) => b.bucket),
    rules,
    now,
  );
  if (row.wait_seconds > 0) throw new RateLimitedError(row.wait_seconds);
  return (row.hit_ids ?? []).map(Number);
}
