// The fediverse message queue's table: SQL only (queue.ts holds the listener loop and leases).
import { sql } from 'kysely';
import type { Db } from '../db.ts';

export interface QueuedMessage {
  id: number;
  message: unknown;
}

/** Queues messages (already JSON text) to run at `runAt`. */
export async function insertQueuedMessages(
  db: Db,
  messages: { message: string; orderingKey: string | null; runAt: Date }[],
): Promise<void> {
  await db
    .insertInto('fediverse_queue')
    .values(messages.map((m) => ({ message: m.message, ordering_key: m.orderingKey, run_at: m.runAt })))
    .execute();
}

/** Messages no listener holds at `now`, and how many of them are due. */
export async function countUnclaimedMessages(db: Db, now: Date): Promise<{ queued: number; ready: number }> {
  const row = await db
    .selectFrom('fediverse_queue')
    .select([
      (eb) => eb.fn.countAll<number>().as('queued'),
      sql<number>`count(*) filter (where run_at <= ${now})`.as('ready'),
    ])
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirstOrThrow();
  return { queued: Number(row.queued), ready: Number(row.ready) };
}

/**
 * Holds the oldest due message no other listener holds until `until`. A message with an
 * ordering key waits while an older one with the same key exists (held or not).
 */
export async function claimOldestDueMessage(db: Db, now: Date, until: Date): Promise<QueuedMessage | null> {
  const result = await sql<QueuedMessage>`
      update fediverse_queue set claimed_until = ${until}
      where id = (
        select q.id from fediverse_queue q
        where q.run_at <= ${now}
          and (q.claimed_until is null or q.claimed_until < ${now})
          and (q.ordering_key is null or not exists (
            select 1 from fediverse_queue earlier
            where earlier.ordering_key = q.ordering_key and earlier.id < q.id))
        order by q.run_at, q.id
        limit 1
        for update skip locked)
      returning id, message`.execute(db);
  const row = result.rows[0];
  return row ? { id: Number(row.id), message: row.message } : null;
}

export async function deleteQueuedMessage(db: Db, id: number): Promise<void> {
  await db.deleteFrom('fediverse_queue').where('id', '=', id).execute();
}
