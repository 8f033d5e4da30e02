// Leaving: a member deletes their account. What they said in threads stays
// there as "a former member" (with its text, or without it: their choice), so
// others' replies keep their sense; their wishes go, with the offers and cheers
// on them; everything else tied to the account (sessions, notifications,
// cheers, rate-limit counters, the mail sent to them) goes with it.
import { verifyPassword } from '../auth/password.ts';
import { releaseCommentsOf } from '../comments/leaving.ts';
import type { Db } from '../db.ts';
import { recordContributorChange } from './changes.ts';
import type { MediaStorage } from '../media/storage.ts';
import { deleteUnusedFiles } from './picture.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { forgetHits, takeHit, type LimitRule } from '../ratelimit/ratelimit.ts';
import { parseInput } from '../validation.ts';
import { releaseWishesOf } from '../wishes/leaving.ts';
import { leaveInput } from './input.ts';
import {
  deleteFollowerByEmail,
  deleteMailTo,
  deleteRateLimitBuckets,
  deleteSessionsOf,
  deleteUserRow,
  findAccountForLeaving,
  lockOtherAuthors,
} from './repo.ts';

const FORMER_MEMBER = 'a former member';
const REMOVED_TEXT = '*Its writer removed this when they left.*';
const WRONG_PASSWORD_LIMIT: LimitRule[] = [{ limit: 5, windowSeconds: 15 * 60 }];

interface LeaveOutcome {
  commentsKept: number;
  wishesRemoved: number;
}

/**
 * Deletes the account after checking its password. The last author cannot
 * leave: the site would have nobody to run it.
 */
export async function deleteAccount(
  db: Db,
  userId: string,
  raw: unknown,
  now: Date,
  /** Where their uploaded avatar's files are, to delete them with the account. */
  storage: MediaStorage | null = null,
): Promise<LeaveOutcome> {
  const input = parseInput(leaveInput, raw);
  const bucket = `leave-fail:user:${userId}`;
  // Counted before checking (atomically, on every process); forgotten when the password is right.
  const attempt = await takeHit(db, [{ bucket, rules: WRONG_PASSWORD_LIMIT }], now);
  const user = await findAccountForLeaving(db, userId);
  if (!user) throw new ConflictError('This account no longer exists.');
  if (!(await verifyPassword(user.password_hash, input.password))) {
    throw new ValidationError({ password: 'That is not your password.' });
  }
  await forgetHits(db, attempt);
  const outcome = await db.transaction().execute(async (trx) => {
    if (user.role === 'author') {
      const others = await lockOtherAuthors(trx, userId);
      if (others.length === 0) {
        throw new ConflictError(
          'You are the only author: the site needs one. Make another account an author before you leave.',
        );
      }
    }
    // Found before they are released: every thread and card that showed this member.
    await recordContributorChange(trx, userId);
    const release = {
      signature: FORMER_MEMBER,
      removedHtml: input.comments === 'remove' ? renderMarkdown(REMOVED_TEXT, 'strict') : null,
      now,
    };
    const commentsKept = await releaseCommentsOf(trx, userId, release);
    const wishesRemoved = await releaseWishesOf(trx, userId, release);
    await deleteRateLimitBuckets(trx, [bucket, `post:user:${userId}`, `login-fail:account:${user.email}`]);
    // Their mail goes too, queued and sent: unsent mail has nobody to go to, and sent mail is theirs.
    await deleteMailTo(trx, userId, user.email);
    // Following by email with the account's address is theirs too (the table keys it by address).
    await deleteFollowerByEmail(trx, user.email);
    // Sessions, notifications, reactions (cheers among them), mail preferences and tokens go with the row (on delete cascade);
    // posts keep no byline.
    await deleteSessionsOf(trx, userId);
    await deleteUserRow(trx, userId);
    return { commentsKept, wishesRemoved };
  });
  // After the commit: their picture's files, unless another upload shares them.
  if (storage && user.avatar) await deleteUnusedFiles(db, storage, user.avatar);
  return outcome;
}
