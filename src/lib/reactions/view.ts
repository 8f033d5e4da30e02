// What a post's page shows of reactions: the post's counts, and for the reader
// looking, which ones they gave (on the post and on its comments). Readers who
// gave none see the page every such reader sees, so the page cache may share it
// among them; the page says who the others are (reactorsOnPost).
import type { Db } from '../db.ts';
import type { ReactionTally } from './kinds.ts';
import { listGivenOnPost, listReactorsOnPost, tallyPostReactions } from './repo.ts';
import type { GivenReaction } from './render.ts';

export interface PostReactionsView {
  tally: ReactionTally;
  /** What this reader gave on the page: empty for visitors. */
  given: GivenReaction[];
  /** Accounts whose page differs from other readers' (they gave something here). */
  reactors: ReadonlySet<string>;
}

export async function postReactionsView(
  db: Db,
  postId: number,
  viewerUserId: string | null,
): Promise<PostReactionsView> {
  const [tally, reactors] = await Promise.all([tallyPostReactions(db, postId), listReactorsOnPost(db, postId)]);
  const given = viewerUserId && reactors.includes(viewerUserId) ? await listGivenOnPost(db, viewerUserId, postId) : [];
  return { tally, given, reactors: new Set(reactors) };
}
