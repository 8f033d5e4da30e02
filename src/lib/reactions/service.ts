// The rules of reactions: who may react to what, once per person and kind. A
// reader's heart, "me too" or "thank you" on a post or a comment is a toggle
// (pressing it again takes it back); a wish's cheer is given through
// giveReaction by the wish board, which keeps its own rules (wishes/service.ts).
// Every change is recorded against the post whose page shows it, so cached
// pages show the new count on the next request.
import { scope } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import { isBlocked } from '../moderation/blocks.ts';
import { isPostVisible } from '../posts/visibility.ts';
import { takeHit, type LimitRule } from '../ratelimit/ratelimit.ts';
import { parseInput } from '../validation.ts';
import { reactInput, type ReactInput } from './input.ts';
import type { ReaderReaction, ReaderSubject } from './kinds.ts';
import {
  countReaction,
  deleteReaction,
  findCommentSubject,
  findPostSubject,
  insertReaction,
  type ReactionKey,
} from './repo.ts';

/** Generous for a person pressing buttons, tight for a script. */
const REACTING_RULES: LimitRule[] = [
  { limit: 30, windowSeconds: 60 },
  { limit: 300, windowSeconds: 3600 },
];

const POST_GONE = 'That post was not found. It may have been unpublished or removed.';
const COMMENT_GONE = 'That comment was not found. It may be waiting for moderation or have been removed.';

/** Records one reaction unless the person already gave it (true when new). The one write path for every subject. */
export function giveReaction(db: Db, key: ReactionKey, now: Date): Promise<boolean> {
  return insertReaction(db, key, now);
}

/** The post whose page shows this subject, or a 404/409 when readers may not react to it now. */
async function postOfSubject(db: Db, input: ReactInput, now: Date): Promise<number> {
  if (input.subject === 'post') {
    const post = await findPostSubject(db, input.subject_id);
    if (!post || !isPostVisible({ status: post.status, publishedAt: post.published_at }, now)) {
      throw new NotFoundError(POST_GONE);
    }
    return post.id;
  }
  const comment = await findCommentSubject(db, input.subject_id);
  const post = comment?.post;
  if (!comment || !post || !isPostVisible({ status: post.status, publishedAt: post.published_at }, now)) {
    throw new NotFoundError(COMMENT_GONE);
  }
  // Held and spam comments are shown to their writer alone: to anyone else they do not exist.
  if (comment.status === 'pending' || comment.status === 'spam') throw new NotFoundError(COMMENT_GONE);
  if (comment.status === 'deleted') throw new ConflictError('That comment was deleted: it takes no reactions.');
  return post.id;
}

interface ReactionResult {
  subject: ReaderSubject;
  subjectId: number;
  kind: ReaderReaction;
  postId: number;
  /** Whether the person's reaction stands after this press. */
  given: boolean;
  count: number;
}

/** A signed-in reader presses a reaction on a post or a comment: given if it was not, taken back if it was. */
export async function toggleReaction(
  db: Db,
  userId: string,
  raw: unknown,
  now: Date,
  options: { rateLimitFactor?: number; ip?: string | null } = {},
): Promise<ReactionResult> {
  const input = parseInput(reactInput, raw);
  const postId = await postOfSubject(db, input, now);
  // Blocked (their account, its address, or where they write from): what they write is held as spam, and they add
  // nothing to the counts others see.
  if (await isBlocked(db, { userId, email: null, ip: options.ip ?? null })) {
    throw new ForbiddenError('Reactions from your account are turned off on this site.');
  }
  await takeHit(db, [{ bucket: `react:user:${userId}`, rules: REACTING_RULES }], now, options.rateLimitFactor);
  const key: ReactionKey = { subjectKind: input.subject, subjectId: input.subject_id, userId, kind: input.kind };
  return db.transaction().execute(async (trx) => {
    const takenBack = await deleteReaction(trx, key);
    if (!takenBack) await giveReaction(trx, key, now);
    await recordChange(trx, [scope.post(postId)]);
    return {
      subject: input.subject,
      subjectId: input.subject_id,
      kind: input.kind,
      postId,
      given: !takenBack,
      count: await countReaction(trx, { kind: input.subject, id: input.subject_id }, input.kind),
    };
  });
}
