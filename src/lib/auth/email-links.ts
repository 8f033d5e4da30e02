// Links mailed to an address: verification (48 hours) and password reset (one
// hour). The mail is queued with a placeholder; the mail worker mints the token
// when it sends it (mail/live-links.ts), so no working link is ever stored.
// Only the SHA-256 of a token is kept; each works once, and a password change
// ends every reset link, sent or still queued.
import { sql } from 'kysely';
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
  let account = db
    .selectFrom('users')
    .select([
      sql.val(hash).as('token_hash'),
      'id as user_id',
      sql.val(link.purpose).as('purpose'),
      sql.val(link.email).as('email'),
      sql.val(now).as('created_at'),
      sql.val(new Date(now.getTime() + hours * 3600_000)).as('expires_at'),
    ])
    .where('id', '=', link.userId);
  if (link.purpose === 'reset') {
    account = account.where((eb) =>
      eb.or([eb('password_changed_at', 'is', null), eb('password_changed_at', '<=', link.queuedAt)]),
    );
  }
  const row = await db
    .insertInto('account_tokens')
    .columns(['token_hash', 'user_id', 'purpose', 'email', 'created_at', 'expires_at'])
    .expression(account)
    .returning('token_hash')
    .executeTakeFirst();
  return row ? token : null;
}

/** A new password (changed, reset, or set from the shell): every reset link of the account stops working. */
export async function endResetLinks(db: Pick<Db, 'updateTable'>, userId: string, now: Date): Promise<void> {
  await db.updateTable('users').set({ password_changed_at: now }).where('id', '=', userId).execute();
  await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', 'reset')
    .where('used_at', 'is', null)
    .execute();
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
    // Other reset links of this account stop working too, and queued ones will carry none.
    await endResetLinks(trx, user.id, now);
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    return { userId: user.id };
  });
}
