// The fediverse's small tables (blocked domains, actors' keys, reactions, announced boards) and the
// author's picture for the blog actor: SQL only. Followers, posts' announcements and fan-outs have
// their own *-repo.ts beside this; the rules are in the files named after each topic.
import { sql } from 'kysely';
import type { Db } from '../db.ts';

// Blocked domains (blocks.ts).

/** One of these domains, if it is blocked. */
export function findBlockedDomainAmong(db: Db, domains: string[]) {
  return db
    .selectFrom('fediverse_blocked_domains')
    .select('domain')
    .where('domain', 'in', domains)
    .limit(1)
    .executeTakeFirst();
}

export async function insertBlockedDomain(db: Db, domain: string, now: Date): Promise<void> {
  await db
    .insertInto('fediverse_blocked_domains')
    .values({ domain, created_at: now })
    .onConflict((oc) => oc.column('domain').doNothing())
    .execute();
}

/** Removes the followers (of every actor of ours) whose actor id is on the domain or one under it; how many. */
export async function deleteFollowersOnDomain(db: Db, domain: string): Promise<number> {
  // The actor id's host is the domain or one under it (`https://domain/…`, `https://x.domain/…`, any port).
  const host = sql<string>`lower(substring(actor_id from '^[a-z]+://([^/:]+)'))`;
  const removed = await db
    .deleteFrom('fediverse_followers')
    .where((eb) => eb.or([eb(host, '=', domain), eb(host, 'like', `%.${domain.replace(/[%_\\]/g, '\\$&')}`)]))
    .executeTakeFirst();
  return Number(removed.numDeletedRows);
}

export async function unblockDomain(db: Db, domain: string): Promise<boolean> {
  const result = await db.deleteFrom('fediverse_blocked_domains').where('domain', '=', domain).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listBlockedDomains(db: Db): Promise<{ domain: string; createdAt: Date }[]> {
  const rows = await db.selectFrom('fediverse_blocked_domains').selectAll().orderBy('domain').limit(1000).execute();
  return rows.map((r) => ({ domain: r.domain, createdAt: r.created_at }));
}

// Actors' key pairs (keys.ts).

export function findKeyPairJwks(db: Db, actor: string, algorithm: string) {
  return db
    .selectFrom('fediverse_keys')
    .select(['private_jwk', 'public_jwk'])
    .where('actor', '=', actor)
    .where('algorithm', '=', algorithm)
    .executeTakeFirst();
}

/** Stores a key pair unless one is stored for the actor and algorithm already (that one wins). */
export async function insertKeyPairJwksIfNone(
  db: Db,
  keys: { actor: string; algorithm: string; privateJwk: string; publicJwk: string },
): Promise<void> {
  await db
    .insertInto('fediverse_keys')
    .values({ actor: keys.actor, algorithm: keys.algorithm, private_jwk: keys.privateJwk, public_jwk: keys.publicJwk })
    .onConflict((oc) => oc.columns(['actor', 'algorithm']).doNothing())
    .execute();
}

export function findKeyPairJwksOrThrow(db: Db, actor: string, algorithm: string) {
  return db
    .selectFrom('fediverse_keys')
    .select(['private_jwk', 'public_jwk'])
    .where('actor', '=', actor)
    .where('algorithm', '=', algorithm)
    .executeTakeFirstOrThrow();
}

// The blog actor's picture (profile.ts).

/** The avatar variants of the first author who has one. */
export function findFirstAuthorAvatar(db: Db) {
  return db
    .selectFrom('users')
    .select('avatar')
    .where('role', '=', 'author')
    .where('avatar', 'is not', null)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

// Likes and boosts (reactions.ts).

export function findPostVisibilityFields(db: Db, postId: number) {
  return db.selectFrom('posts').select(['status', 'published_at']).where('id', '=', postId).executeTakeFirst();
}

/** Inserts a reaction unless the actor already reacted so to the post; undefined then. */
export function insertReactionIfNew(
  db: Db,
  reaction: { actorId: string; postId: number; kind: 'like' | 'boost'; activityId: string },
  now: Date,
) {
  return db
    .insertInto('fediverse_reactions')
    .values({
      actor_id: reaction.actorId,
      post_id: reaction.postId,
      kind: reaction.kind,
      activity_id: reaction.activityId,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['actor_id', 'post_id', 'kind']).doNothing())
    .returning('post_id')
    .executeTakeFirst();
}

export async function setReactionActivityId(
  db: Db,
  reaction: { actorId: string; postId: number; kind: 'like' | 'boost'; activityId: string },
): Promise<void> {
  await db
    .updateTable('fediverse_reactions')
    .set({ activity_id: reaction.activityId })
    .where('actor_id', '=', reaction.actorId)
    .where('post_id', '=', reaction.postId)
    .where('kind', '=', reaction.kind)
    .execute();
}

/** Deletes the actor's reaction sent as this activity; the posts it was on. */
export function deleteReactionByActivity(db: Db, actorId: string, activityId: string) {
  return db
    .deleteFrom('fediverse_reactions')
    .where('actor_id', '=', actorId)
    .where('activity_id', '=', activityId)
    .returning('post_id')
    .execute();
}

export function countReactionsByKind(db: Db, postId: number) {
  return db
    .selectFrom('fediverse_reactions')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('post_id', '=', postId)
    .groupBy('kind')
    .execute();
}

// Boards' opening notes (board-actor.ts).

/** Marks the board announced unless it was already; undefined then (another run has it). */
export function claimBoardAnnouncement(db: Db, boardId: number, now: Date) {
  return db
    .insertInto('fediverse_announced_boards')
    .values({ board_id: boardId, announced_at: now })
    .onConflict((oc) => oc.column('board_id').doNothing())
    .returning('board_id')
    .executeTakeFirst();
}

export async function unclaimBoardAnnouncement(db: Db, boardId: number): Promise<void> {
  await db.deleteFrom('fediverse_announced_boards').where('board_id', '=', boardId).execute();
}
