// Passkeys' SQL: the credentials, and the one-time challenges of their ceremonies.
import type { PasskeyPurpose } from '../../../../db/schema.ts';
import type { Db } from '../../db.ts';

type Writer = Pick<Db, 'deleteFrom'>;

interface NewPasskeyRow {
  id: string;
  userId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  name: string;
}

/** Stores a challenge, dropping expired ones on the way (no job needed). */
export async function insertChallenge(
  db: Db,
  row: { challenge: string; purpose: PasskeyPurpose; userId: string | null; expiresAt: Date },
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('passkey_challenges').where('expires_at', '<=', now).execute();
    await trx
      .insertInto('passkey_challenges')
      .values({ challenge: row.challenge, purpose: row.purpose, user_id: row.userId, expires_at: row.expiresAt })
      .execute();
  });
}

/**
 * Uses up a live challenge of this purpose (one statement, so two requests
 * with the same answer cannot both have it). undefined when it is unknown,
 * expired or used already.
 */
export function takeChallenge(db: Db, challenge: string, purpose: PasskeyPurpose, now: Date) {
  return db
    .deleteFrom('passkey_challenges')
    .where('challenge', '=', challenge)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .returning(['user_id'])
    .executeTakeFirst();
}

export function selectPasskeysOf(db: Db, userId: string) {
  return db
    .selectFrom('passkeys')
    .select(['id', 'name', 'transports', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function countPasskeysOf(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('passkeys')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A credential with the account it signs in to. */
export function selectPasskeyWithAccount(db: Db, id: string) {
  return db
    .selectFrom('passkeys')
    .innerJoin('users', 'users.id', 'passkeys.user_id')
    .select([
      'passkeys.id as passkey_id',
      'passkeys.public_key',
      'passkeys.counter',
      'passkeys.transports',
      'users.id',
      'users.email',
      'users.name',
      'users.role',
    ])
    .where('passkeys.id', '=', id)
    .executeTakeFirst();
}

/** false when a passkey with this credential id exists already. */
export async function insertPasskey(db: Db, row: NewPasskeyRow, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('passkeys')
    .values({
      id: row.id,
      user_id: row.userId,
      public_key: row.publicKey,
      counter: row.counter,
      transports: row.transports.join(','),
      name: row.name,
      created_at: now,
      last_used_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Records a use with the authenticator's new counter, only if the counter
 * moved forward from the one read (or both are 0: authenticators that keep no
 * counter), so two uses of one signature cannot both pass.
 */
export async function recordUse(db: Db, id: string, seenCounter: number, newCounter: number, now: Date) {
  const row = await db
    .updateTable('passkeys')
    .set({ counter: newCounter, last_used_at: now })
    .where('id', '=', id)
    .where('counter', '=', String(seenCounter) as never)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes one of this person's passkeys; false when it is not theirs (or gone). */
export async function deletePasskeyOf(db: Db, userId: string, id: string): Promise<boolean> {
  const row = await db
    .deleteFrom('passkeys')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Every passkey of the account and its challenges (the command-line reset). */
export async function deleteAllPasskeysOf(db: Writer, userId: string): Promise<number> {
  await db.deleteFrom('passkey_challenges').where('user_id', '=', userId).execute();
  const rows = await db.deleteFrom('passkeys').where('user_id', '=', userId).returning('id').execute();
  return rows.length;
}
