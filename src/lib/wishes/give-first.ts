// "Could you help one of these first?": before the wish form, up to three
// wishes of this board with the fewest offers, so a wisher gives before asking.
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { Viewer } from './repo.ts';

export const GIVE_FIRST_COUNT = 3;

export interface GiveFirstWish {
  id: number;
  authorName: string;
  bodyHtml: string;
  offerCount: number;
}

/** Published, open wishes of the board that are not the viewer's own, fewest offers first, then oldest. */
export async function listGiveFirstWishes(
  db: Db,
  boardId: number,
  viewer: Viewer,
  limit = GIVE_FIRST_COUNT,
): Promise<GiveFirstWish[]> {
  const offerCount = sql<number>`(select count(*) from offers o where o.wish_id = wishes.id and o.status = 'approved' and o.withdrawn_at is null)::int`;
  let query = db
    .selectFrom('wishes')
    .select(['wishes.id', 'wishes.author_name', 'wishes.body_html', offerCount.as('offer_count')])
    .where('wishes.board_id', '=', boardId)
    .where('wishes.status', '=', 'approved')
    .where('wishes.granted_at', 'is', null)
    .where('wishes.rested_at', 'is', null);
  if (viewer.userId) {
    const userId = viewer.userId;
    query = query.where((eb) => eb.or([eb('wishes.user_id', 'is', null), eb('wishes.user_id', '<>', userId)]));
  }
  if (viewer.visitorTokenHash) {
    const hash = viewer.visitorTokenHash;
    query = query.where((eb) =>
      eb.or([eb('wishes.visitor_token_hash', 'is', null), eb('wishes.visitor_token_hash', '<>', hash)]),
    );
  }
  const rows = await query.orderBy(offerCount).orderBy('wishes.created_at').orderBy('wishes.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    authorName: r.author_name,
    bodyHtml: r.body_html,
    offerCount: Number(r.offer_count),
  }));
}
