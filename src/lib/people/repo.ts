// SQL for profiles. The service holds the rules.
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
