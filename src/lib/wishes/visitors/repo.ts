// SQL for visitors' own items on the board (no account, an email given) and their manage links (manage-links.ts).
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../../../db/schema.ts';
import type { Db } from '../../db.ts';

/** Held or published: what a visitor may still act on. */
const LIVE = ['approved', 'pending'] as const;

/** A visitor's live wish (this one) and offers on it, made without an account under `email`. */
export async function findVisitorItemsByEmail(db: Db, wishId: number, email: string) {
  const wishes = await db
    .selectFrom('wishes')
    .select(['id', 'author_name'])
    .where('id', '=', wishId)
    .where('user_id', 'is', null)
    .where('author_email', '=', email)
    .where('status', 'in', LIVE)
    .execute();
  const offers = await db
    .selectFrom('offers')
    .select(['id', 'author_name'])
    .where('wish_id', '=', wishId)
    .where('user_id', 'is', null)
    .where('author_email', '=', email)
    .where('status', 'in', LIVE)
    .execute();
  return { wishes, offers };
}

/** Whose manage links: one offer's, or those of every wish of the chain starting at `rootWishId`. */
export type ManageLinkOwner = { offerId: number } | { rootWishId: number };

/** The first wish of a wish's chain (itself when it was not carried forward). */
export async function findChainRoot(db: Db, wishId: number): Promise<number> {
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

/** Every live link of the owner that would expire before `expiresAt` now expires then. */
export async function extendManageLinks(db: Db, owner: ManageLinkOwner, now: Date, expiresAt: Date): Promise<void> {
  let extend = db
    .updateTable('manage_links')
    .set({ expires_at: expiresAt })
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('expires_at', '<', expiresAt);
  if ('offerId' in owner) extend = extend.where('offer_id', '=', owner.offerId);
  else extend = extend.where('wish_id', 'in', chainWishIds(owner.rootWishId));
  await extend.execute();
}

export async function insertManageLink(
  db: Db,
  link: { tokenHash: string; wishId: number | null; offerId: number | null; now: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('manage_links')
    .values({
      token_hash: link.tokenHash,
      wish_id: link.wishId,
      offer_id: link.offerId,
      created_at: link.now,
      expires_at: link.expiresAt,
    })
    .execute();
}

// Alike comments/repo.ts findReplyContexts: kept apart because only the join-and-select shape is shared, over other
// rows.
/** A link neither revoked nor expired, with the status of its wish or offer (null: gone). */
export async function findLiveManageLink(db: Db, tokenHash: string, now: Date) {
  return db
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
}

/** Stops every live link of the owner working. */
export async function revokeManageLinks(db: Db, owner: ManageLinkOwner, now: Date): Promise<void> {
  let revoke = db.updateTable('manage_links').set({ revoked_at: now }).where('revoked_at', 'is', null);
  revoke =
    'offerId' in owner
      ? revoke.where('offer_id', '=', owner.offerId)
      : revoke.where('wish_id', 'in', chainWishIds(owner.rootWishId));
  await revoke.execute();
}

/** The newest held or published wish of the owner: the wish an offer answers, or the newest of a chain. */
export async function findNewestLiveWishOf(db: Db, owner: ManageLinkOwner) {
  let query = db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'boards.wish_date'])
    .where('wishes.status', 'in', ['approved', 'pending']);
  if ('offerId' in owner) {
    const offerId = owner.offerId;
    query = query.where('wishes.id', '=', (eb) => eb.selectFrom('offers').select('wish_id').where('id', '=', offerId));
  } else {
    const root = owner.rootWishId;
    query = query.where((eb) => eb.or([eb('wishes.id', '=', root), eb('wishes.root_wish_id', '=', root)]));
  }
  return query.orderBy('wishes.created_at', 'desc').orderBy('wishes.id', 'desc').executeTakeFirst();
}
