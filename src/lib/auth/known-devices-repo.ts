// Browsers known to an account, by the SHA-256 of their token: SQL only (the rules are in known-devices.ts).
import type { Db } from '../db.ts';

/** The token hash when it belongs to the account with this email and was used after `usedAfter`. */
export async function findKnownDeviceHash(
  db: Db,
  email: string,
  tokenHash: string,
  usedAfter: Date,
): Promise<string | null> {
  const row = await db
    .selectFrom('known_devices')
    .innerJoin('users', 'users.id', 'known_devices.user_id')
    .select('known_devices.token_hash')
    .where('known_devices.token_hash', '=', tokenHash)
    .where('users.email', '=', email)
    .where('known_devices.last_used_at', '>', usedAfter)
    .executeTakeFirst();
  return row?.token_hash ?? null;
}

export async function deleteKnownDevice(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('known_devices').where('token_hash', '=', tokenHash).execute();
}

/** Drops the account's known browsers last used at or before `lastUsedBy`. */
export async function deleteKnownDevicesUnusedSince(db: Db, userId: string, lastUsedBy: Date): Promise<void> {
  await db.deleteFrom('known_devices').where('user_id', '=', userId).where('last_used_at', '<=', lastUsedBy).execute();
}

export async function insertKnownDevice(db: Db, tokenHash: string, userId: string, now: Date): Promise<void> {
  await db
    .insertInto('known_devices')
    .values({ token_hash: tokenHash, user_id: userId, created_at: now, last_used_at: now })
    .execute();
}
