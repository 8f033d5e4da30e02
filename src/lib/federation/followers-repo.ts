// Our actors' followers on the fediverse, one row per (our actor, follower): SQL only
// (followers.ts holds the type and the paging cursor).
import type { Db } from '../db.ts';
import { BLOG_ACTOR } from './articles.ts';
import type { Follower } from './followers.ts';

export async function addFollower(db: Db, follower: Follower, now: Date, localActor = BLOG_ACTOR): Promise<void> {
  await db
    .insertInto('fediverse_followers')
    .values({
      local_actor: localActor,
      actor_id: follower.actorId,
      inbox: follower.inbox,
      shared_inbox: follower.sharedInbox,
      handle: follower.handle,
      created_at: now,
    })
    // A repeated Follow refreshes where to deliver; the first date stays.
    .onConflict((oc) =>
      oc
        .columns(['local_actor', 'actor_id'])
        .doUpdateSet({ inbox: follower.inbox, shared_inbox: follower.sharedInbox, handle: follower.handle }),
    )
    .execute();
}

export async function removeFollower(db: Db, localActor: string, actorId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('fediverse_followers')
    .where('local_actor', '=', localActor)
    .where('actor_id', '=', actorId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function countFollowers(db: Db, localActor: string): Promise<number> {
  const row = await db
    .selectFrom('fediverse_followers')
    .where('local_actor', '=', localActor)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Followers in the order they came, after `afterActorId`'s place (keyset paging: no offset scan). */
export async function listFollowersPage(
  db: Db,
  options: { localActor: string; after: { createdAt: Date; actorId: string } | null; limit: number },
): Promise<(Follower & { createdAt: Date })[]> {
  let query = db
    .selectFrom('fediverse_followers')
    .select(['actor_id', 'inbox', 'shared_inbox', 'handle', 'created_at'])
    .where('local_actor', '=', options.localActor)
    .orderBy('created_at')
    .orderBy('actor_id')
    .limit(options.limit);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '>', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('actor_id', '>', after.actorId)]),
      ]),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    actorId: r.actor_id,
    inbox: r.inbox,
    sharedInbox: r.shared_inbox,
    handle: r.handle,
    createdAt: r.created_at,
  }));
}
