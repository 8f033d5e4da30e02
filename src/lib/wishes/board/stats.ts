// The author's view of the ritual, per week (per board): wishes, offers, the
// share of wishes that had an offer within a day, the share granted within six
// weeks, and offers made from the give-first block.
import type { Db } from '../../db.ts';
import { listWeeklyStatsRows } from './repo.ts';

const STATS_WEEKS = 12;

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
  const rows = await listWeeklyStatsRows(db, upToDate, weeks);
  return rows.reverse().map((r) => ({
    boardDate: r.wish_date,
    wishes: Number(r.wishes),
    offers: Number(r.offers),
    offeredWithinDay: Number(r.offered_within_day),
    grantedWithinSixWeeks: Number(r.granted_within_six_weeks),
    giveFirstOffers: Number(r.give_first_offers),
  }));
}
