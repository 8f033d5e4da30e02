// Wishes their writers shared on the fediverse, and which of them @wishes announced: SQL only
// (wish-notes.ts holds the notes and what counts as news).
import type { Db } from '../db.ts';

export interface SharedWishRow {
  id: number;
  body_html: string;
  wish_date: string;
  created_at: Date;
}

function sharedWishes(db: Db) {
  return db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'wishes.body_html', 'boards.wish_date', 'wishes.created_at'])
    .where('wishes.status', '=', 'approved')
    .where('wishes.share_on_fediverse', '=', true);
}

/** The wish when it is published and shared. */
export function findSharedWishRow(db: Db, wishId: number): Promise<SharedWishRow | undefined> {
  return sharedWishes(db).where('wishes.id', '=', wishId).executeTakeFirst();
}

/** Shared wishes published since `since` whose note has not been announced, oldest first. */
export function listUnannouncedSharedWishes(db: Db, since: Date, limit: number): Promise<SharedWishRow[]> {
  return sharedWishes(db)
    .where('wishes.created_at', '>=', since)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('fediverse_announced_wishes')
            .select('wish_id')
            .whereRef('fediverse_announced_wishes.wish_id', '=', 'wishes.id'),
        ),
      ),
    )
    .orderBy('wishes.id')
    .limit(limit)
    .execute();
}

/** Marks the wish announced unless it was already; undefined then (another process has it). */
export function claimWishAnnouncement(db: Db, wishId: number, now: Date) {
  return db
    .insertInto('fediverse_announced_wishes')
    .values({ wish_id: wishId, announced_at: now })
    .onConflict((oc) => oc.column('wish_id').doNothing())
    .returning('wish_id')
    .executeTakeFirst();
}

/** Gives a claim back when its note could not be queued: the next run tries again. */
export async function unclaimWish(db: Db, wishId: number): Promise<void> {
  await db.deleteFrom('fediverse_announced_wishes').where('wish_id', '=', wishId).execute();
}
