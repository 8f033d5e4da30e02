// SQL for a wish's own page: the wish with its chain, and the offers a viewer may see.
import { sql } from 'kysely';
import type { Db } from '../../db.ts';
import { cheerColumns } from '../../reactions/repo.ts';
import { visibleTo, type Viewer } from '../repo.ts';
import { selectOffersOnBoards } from '../offer-rows-repo.ts';

export async function findWishForPage(db: Db, wishId: number, viewerUserId: string | null) {
  const row = await db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .leftJoin('wishes as prev', 'prev.id', 'wishes.carried_from_id')
    .leftJoin('boards as prev_board', 'prev_board.id', 'prev.board_id')
    .leftJoin('wishes as next', 'next.carried_from_id', 'wishes.id')
    .leftJoin('boards as next_board', 'next_board.id', 'next.board_id')
    .select((eb) => [
      'wishes.id',
      'wishes.user_id',
      'wishes.author_name',
      'wishes.body_md',
      'wishes.body_html',
      'wishes.blog_url',
      'wishes.status',
      'wishes.granted_at',
      'wishes.thank_you_html',
      'wishes.rested_at',
      'wishes.visitor_token_hash',
      'wishes.created_at',
      'wishes.updated_at',
      'boards.id as board_id',
      'boards.wish_date',
      'boards.prompt',
      eb.fn.coalesce('wishes.root_wish_id', 'wishes.id').as('root_id'),
      'prev.id as prev_id',
      'prev_board.wish_date as prev_date',
      'next.id as next_id',
      'next_board.wish_date as next_date',
      ...cheerColumns(eb, viewerUserId),
    ])
    .where('wishes.id', '=', wishId)
    .executeTakeFirst();
  return row ?? null;
}
export type PageWishRow = NonNullable<Awaited<ReturnType<typeof findWishForPage>>>;

// Alike repo.ts selectVisibleOffers: kept apart because this page also reads the Markdown (to edit) and lets a manage
// link see its own held offer.
/** Offers on these wishes that the viewer may see (the published ones, their own held ones), oldest first. */
export async function selectPageOffers(db: Db, wishIds: number[], viewer: Viewer, linkOfferId: number | null) {
  if (wishIds.length === 0) return [];
  return selectOffersOnBoards(db)
    .select([
      'offers.id',
      'offers.wish_id',
      'boards.wish_date',
      'offers.user_id',
      'offers.author_name',
      'offers.author_url',
      'offers.kind',
      'offers.body_md',
      'offers.body_html',
      'offers.status',
      'offers.accepted_at',
      'offers.withdrawn_at',
      'offers.created_at',
    ])
    .where('offers.wish_id', 'in', wishIds)
    .where((eb) =>
      linkOfferId === null
        ? visibleTo('offers', viewer)
        : eb.or([visibleTo('offers', viewer), eb('offers.id', '=', linkOfferId).and('offers.status', '=', 'pending')]),
    )
    .orderBy('offers.created_at')
    .orderBy('offers.id')
    .execute();
}
export type PageOfferRow = Awaited<ReturnType<typeof selectPageOffers>>[number];

/** The published wishes of a chain made before this one, with their board dates, oldest first. */
export async function selectEarlierInChain(db: Db, rootId: number, before: Date) {
  return db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'boards.wish_date'])
    .where((eb) => eb.or([eb('wishes.id', '=', rootId), eb('wishes.root_wish_id', '=', rootId)]))
    .where('wishes.created_at', '<', before)
    .where('wishes.status', '=', 'approved')
    .orderBy('wishes.created_at')
    .orderBy('wishes.id')
    .execute();
}

export async function latestFollowUpStep(db: Db, wishId: number): Promise<number | null> {
  const row = await db
    .selectFrom('wish_followups')
    .select(sql<number | null>`max(step)`.as('step'))
    .where('wish_id', '=', wishId)
    .executeTakeFirst();
  return row?.step == null ? null : Number(row.step);
}
