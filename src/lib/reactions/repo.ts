// SQL for reactions: one table for a post's and a comment's hearts, "me too"s
// and "thank you"s and a wish's cheers. Rules live in service.ts.
import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { Database, ModerationStatus, PostStatus } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import {
  EMPTY_TALLY,
  isReaderReaction,
  type ReactionKind,
  type ReactionSubjectKind,
  type ReactionTally,
} from './kinds.ts';

/** One person's reaction of one kind to one subject: what counts once. */
export interface ReactionKey {
  subjectKind: ReactionSubjectKind;
  subjectId: number;
  userId: string;
  kind: ReactionKind;
}

const keyed = (key: ReactionKey) => (eb: ExpressionBuilder<Database, 'reactions'>) =>
  eb.and([
    eb('subject_kind', '=', key.subjectKind),
    eb('subject_id', '=', key.subjectId),
    eb('user_id', '=', key.userId),
    eb('kind', '=', key.kind),
  ]);

/** True when this reaction is new; false when the person had already given it. */
export async function insertReaction(db: Db, key: ReactionKey, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('reactions')
    .values({
      subject_kind: key.subjectKind,
      subject_id: key.subjectId,
      user_id: key.userId,
      kind: key.kind,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['subject_kind', 'subject_id', 'user_id', 'kind']).doNothing())
    .returning('subject_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** True when the person had given it and it is now taken back. */
export async function deleteReaction(db: Db, key: ReactionKey): Promise<boolean> {
  const row = await db.deleteFrom('reactions').where(keyed(key)).returning('subject_id').executeTakeFirst();
  return row !== undefined;
}

export async function countReaction(
  db: Db,
  subject: { kind: ReactionSubjectKind; id: number },
  kind: ReactionKind,
): Promise<number> {
  const row = await db
    .selectFrom('reactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A post's own reactions, counted by kind. */
export async function tallyPostReactions(db: Db, postId: number): Promise<ReactionTally> {
  const rows = await db
    .selectFrom('reactions')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('subject_kind', '=', 'post')
    .where('subject_id', '=', postId)
    .groupBy('kind')
    .execute();
  return toTally(Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)])));
}

/**
 * A comment's reactions counted by kind, as one column of a query on `comments`
 * (the thread stays one query): `{"heart": 2, "thanks": 1}`, or null when none.
 */
export function commentTallyColumn(): RawBuilder<Record<string, number> | null> {
  return sql<Record<string, number> | null>`(
    select json_object_agg(r.kind, r.n) from (
      select kind, count(*)::int as n from reactions
      where subject_kind = 'comment' and subject_id = comments.id
      group by kind
    ) r)`;
}

/** A tally from commentTallyColumn's value: the reader kinds only, none missing. */
export function toTally(counts: Record<string, number> | null): ReactionTally {
  const tally = { ...EMPTY_TALLY };
  for (const [kind, n] of Object.entries(counts ?? {})) if (isReaderReaction(kind)) tally[kind] = Number(n);
  return tally;
}

/** What reactions on a post's page are whose: the post's own and its comments'. */
function onPostPage(eb: ExpressionBuilder<Database, 'reactions'>, postId: number) {
  return eb.or([
    eb.and([eb('reactions.subject_kind', '=', 'post'), eb('reactions.subject_id', '=', postId)]),
    eb.and([
      eb('reactions.subject_kind', '=', 'comment'),
      eb('reactions.subject_id', 'in', eb.selectFrom('comments').select('comments.id').where('post_id', '=', postId)),
    ]),
  ]);
}

/** Everyone who reacted to a post or to one of its comments: their page shows what they gave. */
export async function listReactorsOnPost(db: Db, postId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('reactions')
    .select('reactions.user_id')
    .distinct()
    .where((eb) => onPostPage(eb, postId))
    .execute();
  return rows.map((r) => r.user_id);
}

/** What one person gave on a post's page. */
export function listGivenOnPost(db: Db, userId: string, postId: number) {
  return db
    .selectFrom('reactions')
    .select(['reactions.subject_kind', 'reactions.subject_id', 'reactions.kind'])
    .where('reactions.user_id', '=', userId)
    .where((eb) => onPostPage(eb, postId))
    .execute();
}

interface PostSubjectRow {
  id: number;
  status: PostStatus;
  published_at: Date | null;
}

export async function findPostSubject(db: Db, postId: number): Promise<PostSubjectRow | null> {
  const row = await db
    .selectFrom('posts')
    .select(['id', 'status', 'published_at'])
    .where('id', '=', postId)
    .executeTakeFirst();
  return row ?? null;
}

export async function findCommentSubject(
  db: Db,
  commentId: number,
): Promise<{ id: number; status: ModerationStatus; post: PostSubjectRow } | null> {
  const row = await db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'comments.status',
      'posts.id as post_id',
      'posts.status as post_status',
      'posts.published_at',
    ])
    .where('comments.id', '=', commentId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    post: { id: row.post_id, status: row.post_status, published_at: row.published_at },
  };
}

/** A wish's cheers as the board and the wish's page show them: how many, and whether the viewer is among them. */
export function cheerColumns(eb: ExpressionBuilder<Database, 'wishes'>, viewerUserId: string | null) {
  const cheersOfWish = () =>
    eb
      .selectFrom('reactions')
      .whereRef('reactions.subject_id', '=', 'wishes.id')
      .where('reactions.subject_kind', '=', 'wish')
      .where('reactions.kind', '=', 'cheer');
  return [
    cheersOfWish()
      .select((c) => c.fn.countAll<number>().as('n'))
      .as('cheer_count'),
    viewerUserId
      ? eb
          .exists(cheersOfWish().select('reactions.subject_id').where('reactions.user_id', '=', viewerUserId))
          .as('cheered')
      : eb.lit(false).as('cheered'),
  ] as const;
}

/** The cheers given to these wishes, for the site's export. */
export async function readCheersOf(db: Db, wishIds: number[]) {
  if (wishIds.length === 0) return [];
  const rows = await db
    .selectFrom('reactions')
    .select(['subject_id', 'user_id', 'created_at'])
    .where('subject_kind', '=', 'wish')
    .where('kind', '=', 'cheer')
    .where('subject_id', 'in', wishIds)
    .orderBy('subject_id')
    .orderBy('user_id')
    .execute();
  return rows.map((r) => ({ wish_id: r.subject_id, user_id: r.user_id, created_at: r.created_at }));
}

/** Every reaction one person gave, for their own export. */
export function readReactionsBy(db: Db, userId: string) {
  return db
    .selectFrom('reactions')
    .select(['subject_kind', 'subject_id', 'kind', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('subject_kind')
    .orderBy('subject_id')
    .execute();
}
