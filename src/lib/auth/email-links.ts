// Links mailed to an address: verification (48 hours) and password reset (one
// hour). The mail is queued with a placeholder; the mail worker mints the token
// when it sends it (mail/live-links.ts), so no working link is ever stored.
// Only the SHA-256 of a token is kept; each works once, and a password change
// ends every reset link, sent or still queued.
import type { Db } from '../db.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import {
  accountExistsMail,
  enqueueMail,
  hashLinkToken,
  newLinkToken,
  resetMail,
  verificationMail,
  type MailContext,
} from '../mail/door.ts';
import { hashPassword } from './password.ts';
import { deleteSessionsOf } from './sessions-repo.ts';
import {
  findUsableResetToken,
  insertAccountTokenForUser,
  markResetTokensUsed,
  spendAccountToken,
} from './tokens-repo.ts';
import {
  findOtherAccountWithEmail,
  setEmailVerifiedAt,
  setPasswordChangedAt,
  setPasswordHashReturningEmail,
  setVerifiedEmail,
} from './users-repo.ts';

type Writer = Pick<Db, 'insertInto' | 'selectFrom' | 'updateTable'>;
type Purpose = 'verify' | 'reset';

const VERIFY_HOURS = 48;
const RESET_HOURS = 1;

/**
 * Stores a new token for a mail being sent now; null when the account is gone
 * or, for a reset, its password was changed after the mail was queued. The
 * account row is read in the same statement as the insert.
 */
export async function issueAccountToken(
  db: Pick<Db, 'insertInto' | 'selectFrom'>,
  link: { userId: string; purpose: Purpose; email: string; queuedAt: Date },
  now: Date,
): Promise<string | null> {
  const { token, hash } = newLinkToken();
  const hours = link.purpose === 'verify' ? VERIFY_HOURS : RESET_HOURS;
  const row = await insertAccountTokenForUser(
    db,
    {
      hash,
      userId: link.userId,
      purpose: link.purpose,
      email: link.email,
      now,
      expiresAt: new Date(now.getTime() + hours * 3600_000),
    },
    link.purpose === 'reset' ? link.queuedAt : null,
  );
  return row ? token : null;
}

/** A new password (changed, reset, or set from the shell): every reset link of the account stops working. */
export async function endResetLinks(db: Pick<Db, 'updateTable'>, userId: string, now: Date): Promise<void> {
  await setPasswordChangedAt(db, userId, now);
  await markResetTokensUsed(db, userId, now);
}

interface Person {
  id: string;
  name: string;
}

/** Queues the verification of `email` (the account's, or a new one it changes to). */
export function sendVerification(db: Writer, user: Person, email: string, now: Date, context: MailContext) {
  return mailLink(
    db,
    user,
    email,
    { purpose: 'verify', kind: 'verify-email', compose: verificationMail },
    now,
    context,
  );
}

export function sendPasswordReset(db: Writer, user: Person & { email: string }, now: Date, context: MailContext) {
  return mailLink(db, user, user.email, { purpose: 'reset', kind: 'reset-password', compose: resetMail }, now, context);
}

export function sendAccountExists(db: Writer, user: Person & { email: string }, now: Date, context: MailContext) {
  const link = { purpose: 'reset', kind: 'account-exists', compose: accountExistsMail } as const;
  return mailLink(db, user, user.email, link, now, context);
}

/** Queues the mail that will carry a one-time link for `user` to `email` (minted when it is sent). */
async function mailLink(
  db: Writer,
  user: Person,
  email: string,
  link: { purpose: Purpose; kind: string; compose: typeof verificationMail },
  now: Date,
  context: MailContext,
): Promise<void> {
  await enqueueMail(db, {
    ...link.compose(context, user.name),
    to: email,
    userId: user.id,
    kind: link.kind,
    link: { type: link.purpose, userId: user.id, email, queuedAt: now.toISOString() },
  });
}

/** Spends a token of this purpose if it is unused and unexpired; null otherwise. */
async function spendToken(db: Writer, token: string, purpose: Purpose, now: Date) {
  return (await spendAccountToken(db, hashLinkToken(token), purpose, now)) ?? null;
}

/** True if a reset link would still work (to show the form, or say it expired). */
export async function isResetTokenValid(db: Db, token: string, now: Date): Promise<boolean> {
  const row = await findUsableResetToken(db, hashLinkToken(token), now);
  return row !== undefined;
}

const LINK_USED = 'This link has expired or was already used. You can ask for a new one.';

/** Confirms the address of a verification link; the account's email becomes it. Returns the account id. */
export async function verifyEmail(db: Db, token: string, now: Date): Promise<{ userId: string; email: string }> {
  return db.transaction().execute(async (trx) => {
    const spent = await spendToken(trx, token, 'verify', now);
    if (!spent) throw new ForbiddenError(LINK_USED);
    const taken = await findOtherAccountWithEmail(trx, spent.email, spent.user_id);
    if (taken) throw new ConflictError('That address now belongs to another account, so it cannot be yours too.');
    await setVerifiedEmail(trx, spent.user_id, spent.email, now);
    return { userId: spent.user_id, email: spent.email };
  });
}

/**
 * Sets a new password from a reset link, once. Following the link proves the
 * address too, so an unverified one becomes verified. Every session of the
 * account ends (someone else may be signed in with the old password).
 */
export async function resetPassword(
  db: Db,
  token: string,
  newPassword: string,
  now: Date,
): Promise<{ userId: string }> {
  const passwordHash = await hashPassword(newPassword);
  return db.transaction().execute(async (trx) => {
    const spent = await spendToken(trx, token, 'reset', now);
    if (!spent) throw new ForbiddenError(LINK_USED);
    const user = await setPasswordHashReturningEmail(trx, spent.user_id, passwordHash);
    if (!user) throw new ForbiddenError(LINK_USED);
    if (!user.email_verified_at && user.email === spent.email) {
      await setEmailVerifiedAt(trx, user.id, now);
    }
    // Other reset links of this account stop working too, and queued ones will carry none.
    await endResetLinks(trx, user.id, now);
    await deleteSessionsOf(trx, user.id);
    return { userId: user.id };
  });
}
