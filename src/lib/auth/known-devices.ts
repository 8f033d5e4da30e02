// Browsers that have logged in to an account before. A failed log-in counts
// against the account (five, then it waits) only when it comes from a browser
// the account does not know, so a stranger guessing cannot lock the owner out
// of their own browsers; failures from a known browser count against that
// browser instead. The token lives in an HttpOnly cookie; only its SHA-256 is
// stored, with the account, in the database every process shares.
import type { Db } from '../db.ts';
import { hashToken, newToken } from '../tokens.ts';
import {
  deleteKnownDevice,
  deleteKnownDevicesUnusedSince,
  findKnownDeviceHash,
  insertKnownDevice,
} from './known-devices-repo.ts';

/** How long a browser stays known without logging in again. */
export const KNOWN_DEVICE_DAYS = 365;
const DAY_MS = 86_400_000;
/** 32 random bytes, base64url: the only shape a known-device token has. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function isWellFormedDeviceToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/**
 * The stored hash of this browser's token when it is known to the account with
 * this email (and not expired), else null.
 */
export async function knownDeviceOf(db: Db, email: string, token: string | null, now: Date): Promise<string | null> {
  if (!token || !isWellFormedDeviceToken(token)) return null;
  const tokenHash = hashToken(token);
  return findKnownDeviceHash(db, email, tokenHash, new Date(now.getTime() - KNOWN_DEVICE_DAYS * DAY_MS));
}

/**
 * After a successful log-in: a fresh token for this browser (a token planted in
 * the browser beforehand is never adopted), replacing the one it showed, if
 * any. Expired tokens of the account go at the same time.
 */
export async function rememberDevice(db: Db, userId: string, previousToken: string | null, now: Date): Promise<string> {
  const token = newToken(32);
  await db.transaction().execute(async (trx) => {
    if (previousToken && isWellFormedDeviceToken(previousToken)) {
      await deleteKnownDevice(trx, hashToken(previousToken));
    }
    await deleteKnownDevicesUnusedSince(trx, userId, new Date(now.getTime() - KNOWN_DEVICE_DAYS * DAY_MS));
    await insertKnownDevice(trx, hashToken(token), userId, now);
  });
  return token;
}
