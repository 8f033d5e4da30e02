// One-time tokens in the database (account links and the first-start setup link): SQL only.
// Only a token's SHA-256 is ever stored; the rules are in email-links.ts and setup.ts.
import { sql } from 'kysely';
import type { Db } from '../db.ts';

type Purpose = 'verify' | 'reset';

/**
 * Inserts a link's token for the account, reading the account row in the same
 * statement; undefined when the account is gone or, with `passwordUnchangedSince`,
 * its password was changed after that moment.
 */
export async function insertAccountTokenForUser(
  db: Pick<Db, 'insertInto' | 'selectFrom'>,
  token: { hash: string; userId: string; purpose: Purpose; email: string; now: Date; expiresAt: Date },
  passwordUnchangedSince: Date | null,
): Promise<{ token_hash: string } | undefined> {
  let account = db
    .selectFrom('users')
    .select([
      sql.val(token.hash).as('token_hash'),
      'id as user_id',
      sql.val(token.purpose).as('purpose'),
      sql.val(token.email).as('email'),
      sql.val(token.now).as('created_at'),
      sql.val(token.expiresAt).as('expires_at'),
    ])
    .where('id', '=', token.userId);
  if (passwordUnchangedSince) {
    account = account.where((eb) =>
      eb.or([eb('password_changed_at', 'is', null), eb('password_changed_at', '<=', passwordUnchangedSince)]),
    );
  }
  return db
    .insertInto('account_tokens')
    .columns(['token_hash', 'user_id', 'purpose', 'email', 'created_at', 'expires_at'])
    .expression(account)
    .returning('token_hash')
    .executeTakeFirst();
}

/** Marks every unused reset token of the account used. */
export async function markResetTokensUsed(db: Pick<Db, 'updateTable'>, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', 'reset')
    .where('used_at', 'is', null)
    .execute();
}

/** Marks the token used if it has this purpose and is unused and unexpired; undefined otherwise. */
export function spendAccountToken(
  db: Pick<Db, 'updateTable'>,
  tokenHash: string,
  purpose: Purpose,
  now: Date,
): Promise<{ user_id: string; email: string } | undefined> {
  return db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'email'])
    .executeTakeFirst();
}

/** The account of an unused, unexpired reset token; undefined otherwise. */
export function findUsableResetToken(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('account_tokens')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', 'reset')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** The newest address, other than `currentEmail`, with an unused and unexpired verification link. */
export function findPendingVerificationEmail(db: Db, userId: string, currentEmail: string, now: Date) {
  return db
    .selectFrom('account_tokens')
    .select('email')
    .where('user_id', '=', userId)
    .where('purpose', '=', 'verify')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('email', '!=', currentEmail)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function deleteUnusedSetupTokens(db: Db): Promise<void> {
  await db.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();
}

export async function insertSetupToken(db: Db, tokenHash: string): Promise<void> {
  await db.insertInto('setup_tokens').values({ token_hash: tokenHash }).execute();
}

/** When the newest unused setup token was made, if there is one. */
export function findNewestUnusedSetupToken(db: Db) {
  return db
    .selectFrom('setup_tokens')
    .select('created_at')
    .where('used_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export function findUnusedSetupToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('setup_tokens')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
}

/** Marks the setup token used, once; undefined when it was used already or never existed. */
export function spendSetupToken(db: Db, tokenHash: string, now: Date) {
  return db
    .updateTable('setup_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .returning('token_hash')
    .executeTakeFirst();
}
