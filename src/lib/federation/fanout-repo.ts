// Fan-outs waiting to be walked, and the followers' delivery inboxes they walk: SQL only
// (fanout.ts holds the walk, its lease and paging).
import { sql } from 'kysely';
import type { Db } from '../db.ts';

export interface ClaimedFanout {
  id: number;
  local_actor: string;
  activity: string;
  after_inbox: string | null;
}

/** Stores an activity (JSON-LD text) to deliver to every follower of `localActor`. */
export async function insertFanout(db: Db, localActor: string, activity: string, now: Date): Promise<void> {
  await db.insertInto('fediverse_fanouts').values({ local_actor: localActor, activity, created_at: now }).execute();
}

/** Holds the oldest fan-out no other process holds at `now` until `until`. */
export async function claimOldestFanout(db: Db, now: Date, until: Date): Promise<ClaimedFanout | null> {
  const result = await sql<ClaimedFanout>`
    update fediverse_fanouts set claimed_until = ${until}
    where id = (
      select id from fediverse_fanouts
      where claimed_until is null or claimed_until < ${now}
      order by id
      limit 1
      for update skip locked)
    returning id, local_actor, activity, after_inbox`.execute(db);
  return result.rows[0] ?? null;
}

/** The next page of distinct delivery inboxes after `after`, in order (a range scan of the delivery-inbox index). */
export async function nextInboxPage(
  db: Db,
  localActor: string,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const target = sql<string>`coalesce(shared_inbox, inbox)`;
  let query = db
    .selectFrom('fediverse_followers')
    .select(target.as('target'))
    .distinct()
    .where('local_actor', '=', localActor)
    .orderBy(target)
    .limit(limit);
  if (after !== null) query = query.where(target, '>', after);
  const rows = await query.execute();
  return rows.map((row) => row.target);
}

/** Saves the walk's place and extends its lease; 0 rows changed when the fan-out is gone. */
export async function saveFanoutCursor(
  db: Db,
  fanoutId: number,
  afterInbox: string,
  claimedUntil: Date,
): Promise<bigint> {
  const saved = await db
    .updateTable('fediverse_fanouts')
    .set({ after_inbox: afterInbox, claimed_until: claimedUntil })
    .where('id', '=', fanoutId)
    .executeTakeFirst();
  return saved.numUpdatedRows;
}

export async function deleteFanout(db: Db, fanoutId: number): Promise<void> {
  await db.deleteFrom('fediverse_fanouts').where('id', '=', fanoutId).execute();
}
