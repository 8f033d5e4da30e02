// The author's view of the ritual, per week (per board): wishes, offers, the
// share of wishes that had an offer within a day, the share granted within six
// weeks, and offers made from the give-first block.
import { sql } from 'kysely';
import type { Db } from '../../db.ts';

export const STATS_WEEKS = 12;

export interface WeekStats {
  boardDate: string;
  wishes: number;
  offers: number;
  offeredWithinDay: number;
  grantedWithinSixWeeks: number;
  giveFirstOffers: number;
}

/** A count as a share of the week's wishes (0–1), or null for a week without wishes. */
export function shareOf(count: number, wishes: number): number | null {
  return wishes === 0 ? null : count / wishes;
}

/** The last `weeks` boards up to `upToDate`, oldest first, counting published wishes and offers only. */
export async function loadWeeklyStats(db: Db, upToDate: string, weeks = STATS_WEEKS): Promise<WeekStats[]> {
  const rows = await db
    .selectFrom('boards')
    .leftJoin('wishes', (join) => join.onRef('wishes.board_id', '=', 'boards.id').on('wishes.status', '=', 'approved'))
    .select([
      'boards.wish_date',
      sql<number>`count(wishes.id)::int`.as('wishes'),
      sql<number>`coalesce(sum((select count(*) from offers o
        where o.wish_id = wishes.id and o.status = 'approved')), 0)::int`.as('offers'),
      sql<number>`count(wishes.id) filter (where exists (select 1 from offers o
        where o.wish_id = wishes.id and o.status = 'approved'
          and o.created_at <= wishes.created_at + interval '1 day'))::int`.as('offered_within_day'),
      sql<number>`count(wishes.id) filter (
        where wishes.granted_at <= wishes.created_at + interval '42 days')::int`.as('granted_within_six_weeks'),
      sql<number>`coalesce(sum((select count(*) from offers o
        where o.wish_id = wishes.id and o.status = 'approved' and o.origin = 'give_first')), 0)::int`.as(
        'give_first_offers',
      ),
    ])
    .where('boards.wish_date', '<=', upToDate)
    .groupBy('boards.wish_date')
    .orderBy('boards.wish_date', 'desc')
    .limit(weeks)
    .execute();
  return rows.reverse().map((r) => ({
    boardDate: r.wish_date,
    wishes: Number(r.wishes),
    offers: Number(r.offers),
    offeredWithinDay: Number(r.offered_within_day),
    grantedWithinSixWeeks: Number(r.granted_within_six_weeks),
    giveFirstOffers: Number(r.give_first_offers),
  }));
}
