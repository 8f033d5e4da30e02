// Visitors' private manage links: a random token in the path
// (/wishes/manage/<token>) lets a visitor who wished or offered with an email act
// on it without an account. Only the token's SHA-256 is stored; a link can be
// replaced, which stops every earlier link to the same wish or offer working.
// Links expire MANAGE_LINK_DAYS after the last one issued for their wish or offer
// (each mail carries a fresh one), and a visitor can ask for a fresh one by mail.
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../../../db/schema.ts';
import { getConfig } from '../../config.ts';
import type { Db } from '../../db.ts';
import { NotFoundError } from '../../errors.ts';
import { hashToken, newToken } from '../../tokens.ts';

const DAY_MS = 86_400_000;

/** 32 random bytes, base64url: 43 characters. */
export const MANAGE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const MANAGE_PATH_PREFIX = '/wishes/manage/';

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

/** The first wish of a wish's chain (itself when it was not carried forward). */
async function chainRoot(db: Db, wishId: number): Promise<number> {
  const row = await db.selectFrom('wishes').select(['id', 'root_wish_id']).where('id', '=', wishId).executeTakeFirst();
  return row?.root_wish_id ?? wishId;
}

/** Every wish of the chain starting at `root`: a wish's links follow it when it is carried forward. */
function chainWishIds(root: number) {
  return (eb: ExpressionBuilder<Database, 'manage_links'>) =>
    eb
      .selectFrom('wishes')
      .select('id')
      .where((w) => w.or([w('id', '=', root), w('root_wish_id', '=', root)]));
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
  let extend = db
    .updateTable('manage_links')
    .set({ expires_at: expiresAt })
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('expires_at', '<', expiresAt);
  if ('offerId' in subject) extend = extend.where('offer_id', '=', subject.offerId);
  else extend = extend.where('wish_id', 'in', chainWishIds(await chainRoot(db, subject.wishId)));
  await extend.execute();
  await db
    .insertInto('manage_links')
    .values({
      token_hash: hashToken(token),
      wish_id: 'wishId' in subject ? subject.wishId : null,
      offer_id: 'offerId' in subject ? subject.offerId : null,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return token;
}

// Alike comments/repo.ts findReplyContexts: kept apart because only the join-and-select shape is shared, over other
// rows.
/** What a token grants, or null when it is malformed, unknown, replaced, expired, or its wish or offer is gone. */
export async function resolveManageLink(
  db: Db,
  token: string | null | undefined,
  now: Date,
): Promise<ManageGrant | null> {
  if (!token || !MANAGE_TOKEN_PATTERN.test(token)) return null;
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('manage_links')
    .leftJoin('wishes', 'wishes.id', 'manage_links.wish_id')
    .leftJoin('offers', 'offers.id', 'manage_links.offer_id')
    .select([
      'manage_links.wish_id',
      'manage_links.offer_id',
      'wishes.root_wish_id',
      'wishes.status as wish_status',
      'offers.status as offer_status',
    ])
    .where('manage_links.token_hash', '=', tokenHash)
    .where('manage_links.revoked_at', 'is', null)
    .where('manage_links.expires_at', '>', now)
    .executeTakeFirst();
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
    let revoke = trx.updateTable('manage_links').set({ revoked_at: now }).where('revoked_at', 'is', null);
    revoke =
      grant.offerId !== null
        ? revoke.where('offer_id', '=', grant.offerId)
        : revoke.where('wish_id', 'in', chainWishIds(grant.rootWishId!));
    await revoke.execute();
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
  let query = db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'boards.wish_date'])
    .where('wishes.status', 'in', ['approved', 'pending']);
  if (grant.offerId !== null) {
    const offerId = grant.offerId;
    query = query.where('wishes.id', '=', (eb) => eb.selectFrom('offers').select('wish_id').where('id', '=', offerId));
  } else {
    const root = grant.rootWishId!;
    query = query.where((eb) => eb.or([eb('wishes.id', '=', root), eb('wishes.root_wish_id', '=', root)]));
  }
  const row = await query.orderBy('wishes.created_at', 'desc').orderBy('wishes.id', 'desc').executeTakeFirst();
  return row ? { boardDate: row.wish_date, wishId: row.id } : null;
}
