// "Could you help one of these first?": before the wish form, up to three
// wishes of this board with the fewest offers, so a wisher gives before asking.
import type { Db } from '../../db.ts';
import type { Viewer } from '../repo.ts';
import { listFewestOfferedWishes } from './repo.ts';

const GIVE_FIRST_COUNT = 3;

export interface GiveFirstWish {
  id: number;
  authorName: string;
  bodyHtml: string;
  offerCount: number;
}

/**
 * Published, open wishes of the board that are not the viewer's own, fewest
 * offers first, then oldest. Each wish carries its count of standing offers
 * (kept by the database: migration 20261127_1200), so this reads the first few
 * rows of an index instead of every offer of the board.
 */
export async function listGiveFirstWishes(
  db: Db,
  boardId: number,
  viewer: Viewer,
  limit = GIVE_FIRST_COUNT,
): Promise<GiveFirstWish[]> {
  const rows = await listFewestOfferedWishes(db, boardId, viewer, limit);
  return rows.map(toGiveFirst);
}

function toGiveFirst(r: { id: number; author_name: string; body_html: string; offer_count: number }): GiveFirstWish {
  return { id: r.id, authorName: r.author_name, bodyHtml: r.body_html, offerCount: Number(r.offer_count) };
}
