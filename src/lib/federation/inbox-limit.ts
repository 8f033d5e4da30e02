// Inbox deliveries are limited per remote host, counted before Fedify reads
// the body or fetches the sender's key (so a flood costs us no outgoing
// requests). The host is the one the signature's key id names, read before it
// is verified; the bucket also holds the address the delivery came from, so a
// forger naming a busy server's host spends only its own budget, never that
// server's. An unsigned delivery counts against its address alone.
import type { Db } from '../db.ts';
import { takeHit, type LimitRule } from '../ratelimit/ratelimit.ts';

const INBOX_RULES: LimitRule[] = [{ limit: 60, windowSeconds: 60 }];

const INBOX_PATH = /^\/ap\/(?:inbox|actors\/[^/]+\/inbox)$/;

export function isInboxPath(pathname: string): boolean {
  return INBOX_PATH.test(pathname);
}

/** The host a delivery's signature says it comes from (draft-cavage `Signature` or RFC 9421 `Signature-Input`). */
export function claimedSenderHost(headers: Headers): string | null {
  const header = `${headers.get('signature') ?? ''} ${headers.get('signature-input') ?? ''}`;
  const keyId = /keyid="([^"]{1,2000})"/i.exec(header)?.[1];
  if (!keyId || !URL.canParse(keyId)) return null;
  return new URL(keyId).host.toLowerCase();
}

/** Counts one delivery; throws RateLimitedError past 60 a minute from one host (and address). */
export async function limitInboxDelivery(
  db: Db,
  sender: { host: string | null; address: string | null },
  now: Date,
): Promise<void> {
  const bucket = `fediverse-inbox:${sender.host ?? '(unsigned)'}|${sender.address ?? '(unknown)'}`;
  await takeHit(db, [{ bucket, rules: INBOX_RULES }], now);
}
