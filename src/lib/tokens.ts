// Secrets handed to people (session ids, visitor cookies, setup and reset links)
// are random, and only their SHA-256 is stored: a leaked table holds nothing usable.
import { createHash, randomBytes } from 'node:crypto';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A URL-safe random token with `bytes` bytes of entropy. */
export function newToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
