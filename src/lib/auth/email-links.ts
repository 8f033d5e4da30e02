// Links mailed to an address: verification (48 hours) and password reset (one
// hour). Only the SHA-256 of a token is stored; each works once.
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

type Writer = Pick<Db, 'insertInto' | 'selectFrom' | 'updateTable'>;
type Purpose = 'verify' | 'reset';

export const VERIFY_HOURS = 48;
export const RESET_HOURS = 1;

async function issueToken(db: Writer, userId: string, purpose: Purpose, email: string, now: Date): Promise<string> {
  const { token, hash } = newLinkToken();
  const hours = purpose === 'verify' ? VERIFY_HOURS : RESET_HOURS;
  await db
    .insertInto('account_tokens')
    .values({
      token_hash: hash,
      user_id: userId,
      purpose,
      email,
      created_at: now,
      expires_at: new Date(now.getTime() + hours * 3600_000),
    })
    .execute();
  return token;
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

/** Issues a one-time link for `user` and queues the mail that carries it to `email`. */
async function mailLink(
  db: Writer,
  user: Person,
  email: string,
  link: { purpose: Purpose; kind: string; compose: typeof verificationMail },
  now: Date,
  context: MailContext,
): Promise<void> {
  const token = await issueToken(db, user.id, link.purpose, email, now);
  await enqueueMail(db, { ...link.compose(context, user.name, token), to: email, userId: user.id, kind: link.kind });
}

/** Spends a token of this purpose if it is unused and unexpired; null otherwise. */
async function spendToken(db: Writer, token: string, purpose: Purpose, now: Date) {
  return (
    (await db
      .updateTable('account_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hashLinkToken(token))
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['user_id', 'email'])
      .executeTakeFirst()) ?? null
  );
}

/** True if a reset link would still work (to show the form, or say it expired). */
export async function isResetTokenValid(db: Db, token: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('account_tokens')
    .select('user_id')
    .where('token_hash', '=', hashLinkToken(token))
    .where('purpose', '=', 'reset')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

const LINK_USED = 'This link has expired or was already used. You can ask for a new one.';

/** Confirms the address of a verification link; the account's email becomes it. Returns the account id. */
export async function verifyEmail(db: Db, token: string, now: Date): Promise<{ userId: string; email: string }> {
  return db.transaction().execute(async (trx) => {
    const spent = await spendToken(trx, token, 'verify', now);
    if (!spent) throw new ForbiddenError(LINK_USED);
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where('email', '=', spent.email)
      .where('id', '!=', spent.user_id)
      .executeTakeFirst();
    if (taken) throw new ConflictError('That address now belongs to another account, so it cannot be yours too.');
    await trx
      .updateTable('users')
      .set({ email: spent.email, email_verified_at: now })
      .where('id', '=', spent.user_id)
      .execute();
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
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', spent.user_id)
      .returning(['id', 'email', 'email_verified_at'])
      .executeTakeFirst();
    if (!user) throw new ForbiddenError(LINK_USED);
    if (!user.email_verified_at && user.email === spent.email) {
      await trx.updateTable('users').set({ email_verified_at: now }).where('id', '=', user.id).execute();
    }
    // Other reset links of this account stop working too.
    await trx
      .updateTable('account_tokens')
      .set({ used_at: now })
      .where('user_id', '=', user.id)
      .where('purpose', '=', 'reset')
      .where('used_at', 'is', null)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    return { userId: user.id };
  });
}
