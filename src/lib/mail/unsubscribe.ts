// One-click unsubscribe: the signed token names the recipient and the kind; no
// session is needed. Accounts turn the preference off; a visitor's address
// stops getting replies.
import type { Db } from '../db.ts';
import { FOLLOW_LABELS, readFollowToken, stopFollowChoice } from './followers.ts';
import { isMailPreference, PREFERENCE_LABELS, VISITOR_REPLY } from './kinds.ts';
import { findAccountEmail, setMailPreference } from './preferences-repo.ts';
import { stopRepliesToAddress } from './repo.ts';
import { verifySubject } from './tokens.ts';

interface UnsubscribeTarget {
  /** What stops, in words ("The weekly digest, …"). */
  label: string;
  /** The address it goes to, partly hidden ("an…@example.org"). */
  address: string;
  apply: (db: Db, now: Date) => Promise<void>;
  /** A follower by email changes their choices on /follow/manage (with the same token), not on an account page. */
  follower?: boolean;
}

export function maskAddress(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 2)}…@${domain}`;
}

/** What a token would unsubscribe, or null when the link is not valid (altered, or the account is gone). */
export async function readUnsubscribeToken(db: Db, token: string): Promise<UnsubscribeTarget | null> {
  const follow = await readFollowToken(db, token);
  if (follow?.type === 'follow-stop') {
    const { email, choice } = follow;
    return {
      label: `${FOLLOW_LABELS[choice]} (you follow by email)`,
      address: maskAddress(email),
      apply: (trx) => stopFollowChoice(trx, email, choice),
      follower: true,
    };
  }
  const subject = await verifySubject(db, token);
  if (!subject) return null;
  const { recipient, kind } = subject;
  if (recipient.startsWith('u:') && isMailPreference(kind)) {
    const userId = recipient.slice(2);
    const user = await findAccountEmail(db, userId);
    if (!user) return null;
    return {
      label: PREFERENCE_LABELS[kind],
      address: maskAddress(user.email),
      apply: (trx) => setMailPreference(trx, userId, kind, false),
    };
  }
  if (recipient.startsWith('e:') && kind === VISITOR_REPLY) {
    const email = recipient.slice(2);
    return {
      label: 'Replies to your comments (you are not signed up)',
      address: maskAddress(email),
      apply: (trx, now) => stopRepliesToAddress(trx, email, now),
    };
  }
  return null;
}

/** Applies a token; true if it was valid. Repeating it changes nothing further. */
export async function unsubscribe(db: Db, token: string, now: Date): Promise<boolean> {
  const target = await readUnsubscribeToken(db, token);
  if (!target) return false;
  await target.apply(db, now);
  return true;
}
