// Mail to an address that has confirmed nothing may be mail a stranger asked
// for: anyone can type any address with a wish, an offer or a comment, or into
// the email-change form. Such mail is limited per recipient, counted in the
// database so every process shares the count.
import type { Db } from '../db.ts';
import { RateLimitedError } from '../errors.ts';
import { forgetHits, takeHit, type LimitRule } from '../ratelimit/ratelimit.ts';
import { findAddressConfirmedAt } from './repo.ts';

/** True once the address's owner confirmed it (address-opt-in.ts): mail they asked for is not limited here. */
export async function isAddressConfirmed(db: Pick<Db, 'selectFrom'>, email: string): Promise<boolean> {
  return Boolean(await findAddressConfirmedAt(db, email.trim().toLowerCase()));
}

const STRANGER_MAILS_PER_DAY: LimitRule[] = [{ limit: 3, windowSeconds: 86_400 }];

/**
 * Counts one mail to `email` unless its owner confirmed it; throws
 * RateLimitedError (counting nothing) past its day's share. Resolves with the
 * hits taken, to give back if the mail turns out not to be sent.
 */
export async function limitStrangerMail(db: Db, email: string, now: Date): Promise<number[]> {
  if (await isAddressConfirmed(db, email)) return [];
  return takeHit(db, [{ bucket: `mail:stranger:${email.trim().toLowerCase()}`, rules: STRANGER_MAILS_PER_DAY }], now);
}

/** Like limitStrangerMail, for mail sent beside something else (a comment, a wish): null instead of throwing. */
export async function mayMailStranger(db: Db, email: string, now: Date): Promise<number[] | null> {
  try {
    return await limitStrangerMail(db, email, now);
  } catch (error) {
    if (error instanceof RateLimitedError) return null;
    throw error;
  }
}

export { forgetHits as giveBackStrangerMail };
