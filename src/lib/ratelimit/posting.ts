// The limits on posting comments, wishes and offers. Per account: one per 10
// seconds and 20 per hour. Per address, in full, for visitors without an
// account (the address is all that tells them apart). Signed-in people share
// their address with a household, an office or a phone network, so for them
// the address only carries a loose ceiling against many new accounts posting
// from one place. The author is never limited.
import type { Db } from '../db.ts';
import { takeHit, type LimitRule } from './ratelimit.ts';

const POSTING_RULES: LimitRule[] = [
  { limit: 1, windowSeconds: 10 },
  { limit: 20, windowSeconds: 3600 },
];

/** All signed-in accounts posting from one address, together. */
const ACCOUNTS_PER_ADDRESS_RULES: LimitRule[] = [{ limit: 30, windowSeconds: 60 }];

interface Poster {
  userId: string | null;
  isAuthor: boolean;
  /** The client's address as src/server/http/client-address.ts gives it, or null. */
  ip: string | null;
}

function bucketsFor(poster: Poster): { bucket: string; rules: LimitRule[] }[] {
  if (poster.userId) {
    return [
      { bucket: `post:user:${poster.userId}`, rules: POSTING_RULES },
      ...(poster.ip ? [{ bucket: `post:accounts-at:${poster.ip}`, rules: ACCOUNTS_PER_ADDRESS_RULES }] : []),
    ];
  }
  return poster.ip ? [{ bucket: `post:ip:${poster.ip}`, rules: POSTING_RULES }] : [];
}

/** Counts one post by this person, or throws RateLimitedError (429) with when to try again. */
export async function limitPosting(db: Db, poster: Poster, now: Date, factor = 1): Promise<void> {
  if (poster.isAuthor) return;
  const buckets = bucketsFor(poster);
  if (buckets.length > 0) await takeHit(db, buckets, now, factor);
}
