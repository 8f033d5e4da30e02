// SQL for offers that came from the fediverse (the rules are in remote-offers.ts).
import type { Db } from '../db.ts';

/** The offer a Note already became, if any. */
export async function findOfferByNote(db: Db, noteId: string) {
  return db
    .selectFrom('offers')
    .select(['id', 'status', 'fediverse_actor_id'])
    .where('fediverse_note_id', '=', noteId)
    .executeTakeFirst();
}

/** Whether the wisher shares this wish on the fediverse (undefined: no such wish). */
export async function findWishSharing(db: Db, wishId: number) {
  return db.selectFrom('wishes').select('share_on_fediverse').where('id', '=', wishId).executeTakeFirst();
}

/** Whether an offer of this fediverse actor was ever published. */
export async function hasApprovedOfferFromActor(db: Db, actorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('offers')
    .select('id')
    .where('fediverse_actor_id', '=', actorId)
    .where('status', '=', 'approved')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Marks the offer a Note became deleted, if its actor wrote it and it is not deleted yet; returns its wish and old status. */
export async function markRemoteOfferDeleted(db: Db, noteId: string, actorId: string, now: Date) {
  return db
    .updateTable('offers')
    .set({ status: 'deleted', updated_at: now })
    .where('fediverse_note_id', '=', noteId)
    .where('fediverse_actor_id', '=', actorId)
    .where('status', '<>', 'deleted')
    .returning(['wish_id', 'status'])
    .executeTakeFirst();
}
