// Two-step sign-in's SQL.
import type { Db } from '../../db.ts';

type Writer = Pick<Db, 'insertInto' | 'updateTable' | 'deleteFrom' | 'selectFrom'>;

export function selectSecret(db: Db, userId: string) {
  return db
    .selectFrom('two_step_secrets')
    .select(['secret', 'confirmed_at', 'last_step'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** A fresh, unconfirmed secret (an earlier unconfirmed one is replaced; a confirmed one is left alone). */
export async function upsertUnconfirmedSecret(db: Db, userId: string, secret: string, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('two_step_secrets')
    .values({ user_id: userId, secret, created_at: now, confirmed_at: null, last_step: null })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ secret, created_at: now, last_step: null })
        .where('two_step_secrets.confirmed_at', 'is', null),
    )
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records `step` as used, only if it is later than any step used before (one
 * statement, so two requests with the same code cannot both pass).
 */
export async function claimStep(db: Writer, userId: string, step: number, confirm: Date | null): Promise<boolean> {
  let query = db
    .updateTable('two_step_secrets')
    .set(confirm ? { last_step: step, confirmed_at: confirm } : { last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', String(step) as never)]));
  query = confirm ? query.where('confirmed_at', 'is', null) : query.where('confirmed_at', 'is not', null);
  const row = await query.returning('user_id').executeTakeFirst();
  return row !== undefined;
}

export async function insertRecoveryCodes(db: Writer, userId: string, hashes: string[]): Promise<void> {
  await db.deleteFrom('two_step_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('two_step_recovery_codes')
    .values(hashes.map((code_hash) => ({ code_hash, user_id: userId, used_at: null })))
    .execute();
}

/** Marks an unused recovery code used; false when it is not one (or was used already). */
export async function useRecoveryCode(db: Db, userId: string, hash: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('two_step_recovery_codes')
    .set({ used_at: now })
    .where('code_hash', '=', hash)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('two_step_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function deleteTwoStep(db: Writer, userId: string): Promise<void> {
  await db.deleteFrom('two_step_pending').where('user_id', '=', userId).execute();
  await db.deleteFrom('two_step_recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('two_step_secrets').where('user_id', '=', userId).execute();
}

export async function insertPending(db: Db, idHash: string, userId: string, now: Date, expiresAt: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('two_step_pending').where('expires_at', '<=', now).execute();
    await trx
      .insertInto('two_step_pending')
      .values({ id_hash: idHash, user_id: userId, expires_at: expiresAt })
      .execute();
  });
}

export function selectPending(db: Db, idHash: string, now: Date) {
  return db
    .selectFrom('two_step_pending')
    .innerJoin('users', 'users.id', 'two_step_pending.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role'])
    .where('two_step_pending.id_hash', '=', idHash)
    .where('two_step_pending.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deletePending(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('two_step_pending').where('id_hash', '=', idHash).execute();
}

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').select(['id', 'email', 'name', 'role']).where('email', '=', email).executeTakeFirst();
}
