// SQL for profiles, pictures and leaving. The service, picture.ts and leave.ts hold the rules.
import { sql } from 'kysely';
import type { MediaVariantJson } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { visibleToReaders } from '../posts/visibility.ts';
import { selectOffersOnBoards } from '../wishes/offer-rows-repo.ts';

export async function findUserByHandle(db: Db, handle: string) {
  const row = await db
    .selectFrom('users')
    .select(['id', 'name', 'handle', 'bio_html', 'website', 'role', 'created_at', 'avatar'])
    .where('handle', '=', handle)
    .executeTakeFirst();
  return row ?? null;
}

export async function findProfileFields(db: Db, userId: string) {
  const row = await db
    .selectFrom('users')
    .select(['id', 'name', 'handle', 'bio', 'website'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return row ?? null;
}

export async function isHandleTakenByOther(db: Db, handle: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('handle', '=', handle)
    .where('id', '<>', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateProfileRow(
  db: Db,
  userId: string,
  values: { name: string; handle: string; bio: string | null; bio_html: string | null; website: string | null },
): Promise<void> {
  await db.updateTable('users').set(values).where('id', '=', userId).execute();
}

/** A member's name changes on everything they wrote under their account. */
export async function renameContributions(db: Db, userId: string, name: string): Promise<void> {
  for (const table of ['comments', 'wishes', 'offers'] as const) {
    await db
      .updateTable(table)
      .set({ author_name: name })
      .where('user_id', '=', userId)
      .where('author_name', '<>', name)
      .execute();
  }
}

/** Their approved comments on posts readers can see, newest first. */
export async function listPublicComments(db: Db, userId: string, now: Date, limit: number) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select(['comments.id', 'comments.body_html', 'comments.created_at', 'posts.slug', 'posts.title'])
    .where('comments.user_id', '=', userId)
    .where('comments.status', '=', 'approved')
    .where(visibleToReaders(now))
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(limit)
    .execute();
}

// Alike listPublicComments above: kept apart because comments and wishes have their own tables and visibility rules.
/** Their approved wishes on boards that have opened, newest first. */
export async function listPublicWishes(db: Db, userId: string, now: Date, limit: number) {
  return db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'wishes.body_html', 'wishes.granted_at', 'wishes.created_at', 'boards.wish_date'])
    .where('wishes.user_id', '=', userId)
    .where('wishes.status', '=', 'approved')
    .where('boards.opened_at', '<=', now)
    .orderBy('wishes.created_at', 'desc')
    .orderBy('wishes.id', 'desc')
    .limit(limit)
    .execute();
}

/** Their approved offers on approved wishes of opened boards, newest first. */
export async function listPublicOffers(db: Db, userId: string, now: Date, limit: number) {
  return selectOffersOnBoards(db)
    .select([
      'offers.id',
      'offers.kind',
      'offers.body_html',
      'offers.created_at',
      'wishes.author_name as wisher_name',
      'boards.wish_date',
    ])
    .where('offers.user_id', '=', userId)
    .where('offers.status', '=', 'approved')
    .where('wishes.status', '=', 'approved')
    .where('boards.opened_at', '<=', now)
    .orderBy('offers.created_at', 'desc')
    .orderBy('offers.id', 'desc')
    .limit(limit)
    .execute();
}

/** The posts a member commented on under their account. */
export async function findPostIdsCommentedBy(trx: Db, userId: string) {
  return trx.selectFrom('comments').select('post_id').distinct().where('user_id', '=', userId).execute();
}

/** The wishes a member made or offered on, with their board's date. */
export async function findWishesTouchedBy(trx: Db, userId: string) {
  return trx
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'boards.wish_date'])
    .where((eb) =>
      eb.or([
        eb('wishes.user_id', '=', userId),
        eb.exists(
          eb
            .selectFrom('offers')
            .select('offers.id')
            .whereRef('offers.wish_id', '=', 'wishes.id')
            .where('offers.user_id', '=', userId),
        ),
      ]),
    )
    .execute();
}

export async function findAccountForLeaving(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['email', 'role', 'password_hash', 'avatar'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** The other authors, locked so two authors cannot both leave at once. */
export async function lockOtherAuthors(trx: Db, userId: string) {
  return trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'author')
    .where('id', '<>', userId)
    .forUpdate()
    .execute();
}

export async function deleteRateLimitBuckets(trx: Db, buckets: string[]): Promise<void> {
  await trx.deleteFrom('rate_limit_hits').where('bucket', 'in', buckets).execute();
}

/** Mail queued or sent to the account, or to its address. */
export async function deleteMailTo(trx: Db, userId: string, email: string): Promise<void> {
  await trx
    .deleteFrom('outbox')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('recipient', '=', email)]))
    .execute();
}

export async function deleteFollowerByEmail(trx: Db, email: string): Promise<void> {
  await trx.deleteFrom('followers').where('email', '=', email).execute();
}

export async function deleteSessionsOf(trx: Db, userId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteUserRow(trx: Db, userId: string): Promise<void> {
  await trx.deleteFrom('users').where('id', '=', userId).execute();
}

export async function readAvatar(db: Db, userId: string): Promise<MediaVariantJson[] | null> {
  const row = await db.selectFrom('users').select('avatar').where('id', '=', userId).executeTakeFirst();
  return row?.avatar ?? null;
}

/** The member's avatar, their row locked until the swap commits; undefined when the account is gone. */
export async function lockAvatar(trx: Db, userId: string) {
  return trx.selectFrom('users').select('avatar').where('id', '=', userId).forUpdate().executeTakeFirst();
}

export async function updateAvatar(trx: Db, userId: string, next: MediaVariantJson[] | null): Promise<void> {
  await trx
    .updateTable('users')
    .set({ avatar: next === null ? null : JSON.stringify(next) })
    .where('id', '=', userId)
    .execute();
}

/** Which of these file keys a member's avatar or a media upload still has. */
export async function findFileKeysInUse(db: Db, keys: string[]): Promise<Set<string>> {
  const inUse = await sql<{ key: string }>`
    select v.value ->> 'key' as key from users, jsonb_array_elements(users.avatar) as v(value)
    where users.avatar is not null and v.value ->> 'key' in (${sql.join(keys)})
    union
    select v.value ->> 'key' as key from media, jsonb_array_elements(media.variants) as v(value)
    where v.value ->> 'key' in (${sql.join(keys)})`.execute(db);
  return new Set(inUse.rows.map((r) => r.key));
}
