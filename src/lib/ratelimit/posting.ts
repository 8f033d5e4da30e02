// The limits on posting comments, wishes and offers: per account and per IP,
// one per 10 seconds and 20 per hour. The author is never limited.
import type { Db } from '../db.ts';
import { takeHit, type LimitRule } from './ratelimit.ts';

export const POSTING_RULES: LimitRule[] = [
  { limit: 1, windowSeconds: 10 },
  { limit: 20, windowSeconds: 3600 },
];

export interface Poster {
  userId: string | null;
  isAuthor: boolean;
  ip: string | null;
}

/** Counts one post by this person, or throws RateLimitedError (429) with when to try again. */
export async function limitPosting(db: Db, poster: Poster, now: Date, factor = 1): Promise<void> {
  if (poster.isAuthor) return;
  const buckets = [
    ...(poster.userId ? [{ bucket: `post:user:${poster.userId}`, rules: POSTING_RULES }] : []),
    ...(poster.ip ? [{ bucket: `post:ip:${poster.ip}`, rules: POSTING_RULES }] : []),
  ];
  if (buckets.length > 0) await takeHit(db, buckets, now, factor);
}
