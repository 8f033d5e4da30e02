// Tokens in mail links. Unsubscribe and visitor-confirmation links carry an
// HMAC-signed (recipient, kind) whose key lives in the database (never in the
// repository), so they need no table and work for ever. Account links
// (verification, reset) are random and only their SHA-256 is stored.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db.ts';
import { hashToken, newToken } from '../tokens.ts';
import { findSigningKeyValue, insertSigningKeyIfAbsent } from './repo.ts';

type Reader = Pick<Db, 'selectFrom' | 'insertInto'>;

const KEY_NAME = 'mail_signing_key';
const keys = new WeakMap<object, Promise<Buffer>>();

async function loadKey(db: Reader): Promise<Buffer> {
  // Every process agrees on the first key written; later inserts do nothing.
  await insertSigningKeyIfAbsent(db, KEY_NAME, randomBytes(32).toString('base64url'));
  return Buffer.from(String(await findSigningKeyValue(db, KEY_NAME)), 'base64url');
}

/** The signing key; it never changes once written, so one read per database handle is kept. */
export function signingKey(db: Reader): Promise<Buffer> {
  let key = keys.get(db);
  if (!key) {
    key = loadKey(db);
    keys.set(db, key);
    key.catch(() => keys.delete(db));
  }
  return key;
}

export interface SignedSubject {
  /** `u:<user id>` for an account, `e:<address>` for a visitor. */
  recipient: string;
  /** A mail preference, 'visitor-reply', or 'confirm' for a visitor's opt-in. */
  kind: string;
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function signWith(key: Buffer, subject: SignedSubject): string {
  const payload = Buffer.from(JSON.stringify([subject.recipient, subject.kind])).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The signed subject, or null when the token was altered or is not one of ours. */
export function verifyWith(key: Buffer, token: string): SignedSubject | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = mac(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const [recipient, kind] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    return typeof recipient === 'string' && typeof kind === 'string' ? { recipient, kind } : null;
  } catch {
    return null;
  }
}

export async function signSubject(db: Reader, subject: SignedSubject): Promise<string> {
  return signWith(await signingKey(db), subject);
}

export async function verifySubject(db: Reader, token: string): Promise<SignedSubject | null> {
  return verifyWith(await signingKey(db), token);
}

/** A random token for a link, and the SHA-256 that is stored instead of it. */
export function newLinkToken(): { token: string; hash: string } {
  const token = newToken(32);
  return { token, hash: hashToken(token) };
}

export { hashToken as hashLinkToken };
