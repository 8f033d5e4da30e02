// Visitors' private manage links: a random token in the path
// (/wishes/manage/<token>) lets a visitor who wished or offered with an email act
// on it without an account. Only the token's SHA-256 is stored; a link can be
// replaced, which stops every earlier link to the same wish or offer working.
// Links expire MANAGE_LINK_DAYS after the last one issued for their wish or offer
// (each mail carries a fresh one), and a visitor can ask for a fresh one by mail.
import { getConfig } from '../../config.ts';
import type { Db } from '../../db.ts';
import { NotFoundError } from '../../errors.ts';
import { hashToken, newToken } from '../../tokens.ts';
import {
  extendManageLinks,
  findChainRoot,
  findLiveManageLink,
  findNewestLiveWishOf,
  insertManageLink,
  revokeManageLinks,
  type ManageLinkOwner,
} from './repo.ts';

const DAY_MS = 86_400_000;

/** 32 random bytes, base64url: 43 characters. */
const MANAGE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const MANAGE_PATH_PREFIX = '/wishes/manage/';

/** What a manage link grants: one offer, or a wish together with the wishes that carry it forward. */
export interface ManageGrant {
  tokenHash: string;
  /** The wish the link was made for, and the first wish of its chain (the same when not carried forward). */
  wishId: number | null;
  rootWishId: number | null;
  offerId: number | null;
}

export type ManageSubject = { wishId: number } | { offerId: number };

export function manageLinkPath(token: string): string {
  return `${MANAGE_PATH_PREFIX}${token}`;
}

/** The token in a manage page's path (an action posted to that page reads it from there), or null. */
export function manageTokenFromPath(pathname: string): string | null {
  if (!pathname.startsWith(MANAGE_PATH_PREFIX)) return null;
  const token = pathname.slice(MANAGE_PATH_PREFIX.length).replace(/\/$/, '');
  return MANAGE_TOKEN_PATTERN.test(token) ? token : null;
}

/** Whose links a grant reaches: its offer's, or its wish chain's. */
function ownerOf(grant: ManageGrant): ManageLinkOwner {
  return grant.offerId !== null ? { offerId: grant.offerId } : { rootWishId: grant.rootWishId! };
}

/**
 * Stores a new link for a wish or an offer and returns its token, which is
 * never stored. Every live link of the same wish (chain) or offer now lives
 * `days` from now too: a link expires that long after the last one issued.
 */
export async function issueManageLink(
  db: Db,
  subject: ManageSubject,
  now: Date,
  days = getConfig().manageLinkDays,
): Promise<string> {
  const token = newToken(32);
  const expiresAt = new Date(now.getTime() + days * DAY_MS);
  const owner: ManageLinkOwner =
    'offerId' in subject ? { offerId: subject.offerId } : { rootWishId: await findChainRoot(db, subject.wishId) };
  await extendManageLinks(db, owner, now, expiresAt);
  await insertManageLink(db, {
    tokenHash: hashToken(token),
    wishId: 'wishId' in subject ? subject.wishId : null,
    offerId: 'offerId' in subject ? subject.offerId : null,
    now,
    expiresAt,
  });
  return token;
}

/** What a token grants, or null when it is malformed, unknown, replaced, expired, or its wish or offer is gone. */
export async function resolveManageLink(
  db: Db,
  token: string | null | undefined,
  now: Date,
): Promise<ManageGrant | null> {
  if (!token || !MANAGE_TOKEN_PATTERN.test(token)) return null;
  const tokenHash = hashToken(token);
  const row = await findLiveManageLink(db, tokenHash, now);
  if (!row) return null;
  const status = row.wish_id !== null ? row.wish_status : row.offer_status;
  if (status === 'deleted' || status === 'spam' || status === null) return null;
  return {
    tokenHash,
    wishId: row.wish_id,
    rootWishId: row.wish_id === null ? null : (row.root_wish_id ?? row.wish_id),
    offerId: row.offer_id,
  };
}

/** Like resolveManageLink, but a dead link is "not found". */
export async function requireManageLink(db: Db, token: string | null | undefined, now: Date): Promise<ManageGrant> {
  const grant = await resolveManageLink(db, token, now);
  if (!grant) {
    throw new NotFoundError(
      'This manage link does not work (any more). It may have expired, been replaced by a newer one, or what it was for was deleted.',
    );
  }
  return grant;
}

/** Stops every link to this grant's wish or offer working, and issues one new link; returns its token. */
export async function replaceManageLinks(db: Db, grant: ManageGrant, now: Date): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await revokeManageLinks(trx, ownerOf(grant), now);
    const subject: ManageSubject = grant.offerId !== null ? { offerId: grant.offerId } : { wishId: grant.wishId! };
    return issueManageLink(trx, subject, now);
  });
}

/**
 * The wish a manage page shows: for an offer's link, the wish it answers; for a
 * wish's link, the newest wish of its chain still there (after carrying it
 * forward, the visitor manages the new one, with the old offers in view).
 */
export async function findManagedWish(
  db: Db,
  grant: ManageGrant,
): Promise<{ boardDate: string; wishId: number } | null> {
  const row = await findNewestLiveWishOf(db, ownerOf(grant));
  return row ? { boardDate: row.wish_date, wishId: row.id } : null;
}
