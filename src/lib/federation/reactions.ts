// Likes and boosts (Announce) of the blog's posts from the fediverse: one row
// per (actor, post, kind), so a repeated delivery counts once and an Undo
// takes exactly that one back. Counted on the post's page; each change is
// recorded against the post so cached pages show the new count.
import { scope } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { isPostVisible } from '../posts/visibility.ts';
import {
  countReactionsByKind,
  deleteReactionByActivity,
  findPostVisibilityFields,
  insertReactionIfNew,
  setReactionActivityId,
} from './repo.ts';

export type ReactionKind = 'like' | 'boost';

interface Reaction {
  actorId: string;
  postId: number;
  kind: ReactionKind;
  /** The Like's or Announce's id: what its Undo names. */
  activityId: string;
}

interface ReactionCounts {
  likes: number;
  boosts: number;
}

/** Keeps a like or boost of a visible post; false when the post is not one readers see, or it was already kept. */
export async function addReaction(db: Db, reaction: Reaction, now: Date): Promise<boolean> {
  const post = await findPostVisibilityFields(db, reaction.postId);
  if (!post || !isPostVisible({ status: post.status, publishedAt: post.published_at }, now)) return false;
  return db.transaction().execute(async (trx) => {
    const added = await insertReactionIfNew(trx, reaction, now);
    if (!added) {
      // A repeated delivery, or the same like under a new id: its Undo will name the newest.
      await setReactionActivityId(trx, reaction);
      return false;
    }
    await recordChange(trx, [scope.post(reaction.postId)]);
    return true;
  });
}

/** An Undo of a Like or Announce, by the actor who sent it. */
export async function removeReaction(db: Db, actorId: string, activityId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await deleteReactionByActivity(trx, actorId, activityId);
    if (removed.length === 0) return false;
    await recordChange(
      trx,
      removed.map((row) => scope.post(row.post_id)),
    );
    return true;
  });
}

export async function countReactions(db: Db, postId: number): Promise<ReactionCounts> {
  const rows = await countReactionsByKind(db, postId);
  const count = (kind: ReactionKind) => Number(rows.find((row) => row.kind === kind)?.n ?? 0);
  return { likes: count('like'), boosts: count('boost') };
}

/** "3 likes · 2 boosts on the fediverse", or null when there are none. */
export function describeReactions(counts: ReactionCounts): string | null {
  const parts = [
    counts.likes > 0 ? `${counts.likes} ${counts.likes === 1 ? 'like' : 'likes'}` : null,
    counts.boosts > 0 ? `${counts.boosts} ${counts.boosts === 1 ? 'boost' : 'boosts'}` : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? null : `${parts.join(' · ')} on the fediverse`;
}
