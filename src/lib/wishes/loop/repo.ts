// SQL for acting on one wish or offer as its owner: lookups with what the
// rules need (owner, chain, board), and the owners' changes; then what the
// loop does after: follow-ups and thanks.
import type { OfferKind } from '../../../../db/schema.ts';
import type { Db } from '../../db.ts';
import { selectOffersOnBoards } from '../offer-rows-repo.ts';

/** A wish with its board date, its chain's first wish and whether it was carried forward. */
export async function findWishForOwner(db: Db, wishId: number, lock = false) {
  let query = db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select((eb) => [
      'wishes.id',
      'wishes.board_id',
      'boards.wish_date',
      'wishes.user_id',
      'wishes.author_name',
      'wishes.author_email',
      'wishes.body_md',
      'wishes.body_html',
      'wishes.status',
      'wishes.granted_at',
      'wishes.rested_at',
      'wishes.blog_url',
      'wishes.created_at',
      'wishes.carried_from_id',
      eb.fn.coalesce('wishes.root_wish_id', 'wishes.id').as('root_id'),
      eb
        .selectFrom('wishes as next')
        .select('next.id')
        .whereRef('next.carried_from_id', '=', 'wishes.id')
        .limit(1)
        .as('carried_to_id'),
    ])
    .where('wishes.id', '=', wishId);
  if (lock) query = query.forUpdate('wishes');
  return (await query.executeTakeFirst()) ?? null;
}
export type OwnedWish = NonNullable<Awaited<ReturnType<typeof findWishForOwner>>>;

/** An offer with what its wish's rules need. */
export async function findOfferForOwner(db: Db, offerId: number, lock = false) {
  let query = selectOffersOnBoards(db)
    .select((eb) => [
      'offers.id',
      'offers.wish_id',
      'offers.user_id',
      'offers.author_name',
      'offers.author_email',
      'offers.kind',
      'offers.body_md',
      'offers.status',
      'offers.accepted_at',
      'offers.withdrawn_at',
      'offers.created_at',
      'wishes.user_id as wish_user_id',
      'wishes.author_name as wish_author_name',
      'wishes.author_email as wish_author_email',
      'wishes.status as wish_status',
      eb.fn.coalesce('wishes.root_wish_id', 'wishes.id').as('wish_root_id'),
      'boards.wish_date',
    ])
    .where('offers.id', '=', offerId);
  if (lock) query = query.forUpdate('offers');
  return (await query.executeTakeFirst()) ?? null;
}
export type OwnedOffer = NonNullable<Awaited<ReturnType<typeof findOfferForOwner>>>;

export async function updateWishText(
  db: Db,
  wishId: number,
  change: { bodyMd: string; bodyHtml: string; blogUrl: string | null; status: OwnedWish['status'] },
  now: Date,
): Promise<void> {
  await db
    .updateTable('wishes')
    .set({
      body_md: change.bodyMd,
      body_html: change.bodyHtml,
      blog_url: change.blogUrl,
      status: change.status,
      updated_at: now,
    })
    .where('id', '=', wishId)
    .execute();
}

export async function updateOfferText(
  db: Db,
  offerId: number,
  change: { kind: OfferKind; bodyMd: string; bodyHtml: string; status: OwnedOffer['status'] },
  now: Date,
): Promise<void> {
  await db
    .updateTable('offers')
    .set({
      kind: change.kind,
      body_md: change.bodyMd,
      body_html: change.bodyHtml,
      status: change.status,
      updated_at: now,
    })
    .where('id', '=', offerId)
    .execute();
}

export async function markWishDeleted(db: Db, wishId: number, now: Date): Promise<void> {
  await db.updateTable('wishes').set({ status: 'deleted', updated_at: now }).where('id', '=', wishId).execute();
}

/** An accepted offer keeps its row, blank, so its thread reads on; any other is deleted. */
export async function withdrawOrDeleteOffer(db: Db, offerId: number, accepted: boolean, now: Date): Promise<void> {
  await db
    .updateTable('offers')
    .set(
      accepted
        ? { body_md: '', body_html: '', withdrawn_at: now, updated_at: now }
        : { status: 'deleted', updated_at: now },
    )
    .where('id', '=', offerId)
    .execute();
}

/** Lets a wish rest: no more follow-ups. True when this call did it. */
export async function markRested(db: Db, wishId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('wishes')
    .set({ rested_at: now, updated_at: now })
    .where('id', '=', wishId)
    .where('rested_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The account's email, for sharing it in a thread. */
export async function findAccountEmail(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
  return row?.email ?? null;
}

/** Adds the wisher's blog post about a granted wish (markGranted stamps the change). */
export async function setGrantedBlogUrl(db: Db, wishId: number, blogUrl: string): Promise<void> {
  await db.updateTable('wishes').set({ blog_url: blogUrl }).where('id', '=', wishId).execute();
}

// Follow-ups ("How did it go?", followups.ts) and thanks when a wish is granted (thanks.ts).

/**
 * Published wishes still open (not granted, resting or carried forward), made
 * in (createdAfter, createdBy], not yet asked at this follow-up step.
 */
export async function listWishesDueForFollowUp(db: Db, step: number, createdAfter: Date, createdBy: Date) {
  return db
    .selectFrom('wishes')
    .select(['wishes.id'])
    .where('wishes.status', '=', 'approved')
    .where('wishes.granted_at', 'is', null)
    .where('wishes.rested_at', 'is', null)
    .where('wishes.created_at', '<=', createdBy)
    .where('wishes.created_at', '>', createdAfter)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('wishes as next').select('next.id').whereRef('next.carried_from_id', '=', 'wishes.id')),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('wish_followups')
            .select('wish_followups.wish_id')
            .whereRef('wish_followups.wish_id', '=', 'wishes.id')
            .where('wish_followups.step', '=', step),
        ),
      ),
    )
    .orderBy('wishes.id')
    .execute();
}

/** Records a follow-up step of a wish; true only for the one caller whose insert created the row. */
export async function insertFollowUpUnlessSent(db: Db, wishId: number, step: number, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('wish_followups')
    .values({ wish_id: wishId, step, sent_at: now })
    .onConflict((oc) => oc.columns(['wish_id', 'step']).doNothing())
    .returning('step')
    .executeTakeFirst();
  return row !== undefined;
}

/** A wish with its wisher and board date: what a follow-up tells. */
export async function findWishToFollowUp(db: Db, wishId: number) {
  return db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.user_id', 'wishes.author_name', 'wishes.author_email', 'wishes.body_md', 'boards.wish_date'])
    .where('wishes.id', '=', wishId)
    .executeTakeFirstOrThrow();
}

/** A wish's published offers by visitors who gave an email, newest first. */
export async function listVisitorOffersWithEmail(db: Db, wishId: number) {
  return db
    .selectFrom('offers')
    .select(['id', 'author_name', 'author_email'])
    .where('wish_id', '=', wishId)
    .where('status', '=', 'approved')
    .where('user_id', 'is', null)
    .where('author_email', 'is not', null)
    .orderBy('id', 'desc')
    .execute();
}

/** The accounts with a published offer on a wish, each once. */
export async function listOfferingAccounts(db: Db, wishId: number) {
  return db
    .selectFrom('offers')
    .select('user_id')
    .distinct()
    .where('wish_id', '=', wishId)
    .where('status', '=', 'approved')
    .where('user_id', 'is not', null)
    .execute();
}
