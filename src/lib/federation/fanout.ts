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
import type { Db } from '../db.ts';
import {
  claimOldestFanout,
  deleteFanout,
  insertFanout,
  nextInboxPage,
  saveFanoutCursor,
  type ClaimedFanout,
} from './fanout-repo.ts';

/** Delivery inboxes per page: each page is one signature and one insert of queue messages. */
const FANOUT_PAGE_SIZE = 200;
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
  await insertFanout(db, localActor, JSON.stringify(json), now);
}

async function claimFanout(db: Db, now: Date): Promise<ClaimedFanout | null> {
  const until = new Date(now.getTime() + LEASE_MS);
  return claimOldestFanout(db, now, until);
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
    const saved = await saveFanoutCursor(db, fanout.id, after, new Date(now().getTime() + LEASE_MS));
    // Gone (another process took it after our lease ran out and finished): stop.
    if (saved === 0n) return queued;
  }
  await deleteFanout(db, fanout.id);
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
