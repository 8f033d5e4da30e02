// Delivery to an actor's followers without holding them in memory. Fedify's
// sendActivity(…, 'followers', …) reads the whole followers collection into
// an array first; instead an activity for followers becomes one row
// (fediverse_fanouts), and a worker walks the followers table a page of
// distinct delivery inboxes at a time (the shared inbox when offered: one
// delivery per server, however many of its accounts follow), keyset-paged on
// that inbox. Each page goes to Fedify, which signs and queues one message per
// inbox in the database queue (retried with backoff, surviving restarts,
// taken by any process). The row is claimed for a lease and its cursor saved
// after each page, so a process that dies mid-walk leaves the rest to another
// (at worst one page is queued twice; receivers drop a repeated activity id).
import type { Context } from '@fedify/fedify';
import { Activity, type Recipient } from '@fedify/vocab';
import { sql } from 'kysely';
import type { Db } from '../db.ts';

/** Delivery inboxes per page: each page is one signature and one insert of queue messages. */
export const FANOUT_PAGE_SIZE = 200;
const LEASE_MS = 2 * 60_000;

type FederationLike = { createContext: (url: URL, data: void) => Context<void> };

/** Queues an activity for every follower of `localActor`: resolves once the row is written. */
export async function enqueueFanout(
  db: Db,
  ctx: Context<void>,
  localActor: string,
  activity: Activity,
  now: Date,
): Promise<void> {
  const json = await activity.toJsonLd({ format: 'compact', contextLoader: ctx.contextLoader });
  await db
    .insertInto('fediverse_fanouts')
    .values({ local_actor: localActor, activity: JSON.stringify(json), created_at: now })
    .execute();
}

interface ClaimedFanout {
  id: number;
  local_actor: string;
  activity: string;
  after_inbox: string | null;
}

async function claimFanout(db: Db, now: Date): Promise<ClaimedFanout | null> {
  const until = new Date(now.getTime() + LEASE_MS);
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

/** Walks one claimed fan-out to its end; resolves with the inboxes queued. */
async function walk(
  db: Db,
  ctx: Context<void>,
  fanout: ClaimedFanout,
  now: () => Date,
  pageSize: number,
): Promise<number> {
  const activity = await Activity.fromJsonLd(JSON.parse(fanout.activity), {
    contextLoader: ctx.contextLoader,
    documentLoader: ctx.documentLoader,
  });
  let after = fanout.after_inbox;
  let queued = 0;
  for (;;) {
    const inboxes = await nextInboxPage(db, fanout.local_actor, after, pageSize);
    if (inboxes.length === 0) break;
    // One recipient per delivery inbox: Fedify delivers to its inboxId (no shared-inbox lookup needed).
    const recipients: Recipient[] = inboxes.map((inbox) => ({
      id: new URL(inbox),
      inboxId: new URL(inbox),
      endpoints: null,
    }));
    await ctx.sendActivity({ identifier: fanout.local_actor }, recipients, activity, { fanout: 'skip' });
    queued += inboxes.length;
    after = inboxes.at(-1)!;
    const saved = await db
      .updateTable('fediverse_fanouts')
      .set({ after_inbox: after, claimed_until: new Date(now().getTime() + LEASE_MS) })
      .where('id', '=', fanout.id)
      .executeTakeFirst();
    // Gone (another process took it after our lease ran out and finished): stop.
    if (saved.numUpdatedRows === 0n) return queued;
  }
  await db.deleteFrom('fediverse_fanouts').where('id', '=', fanout.id).execute();
  return queued;
}

/** Walks every waiting fan-out (one at a time per process); resolves with how many inboxes were queued. */
export async function runFanouts(
  federation: FederationLike,
  db: Db,
  now: () => Date,
  siteUrl: string,
  pageSize = FANOUT_PAGE_SIZE,
): Promise<number> {
  const ctx = federation.createContext(new URL(siteUrl), undefined);
  let queued = 0;
  for (;;) {
    const fanout = await claimFanout(db, now());
    if (!fanout) return queued;
    queued += await walk(db, ctx, fanout, now, pageSize);
  }
}
