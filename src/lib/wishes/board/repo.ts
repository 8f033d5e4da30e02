// SQL for the wish board's weeks: boards, prompts, feeds, the granted wall, the sitemap and the author's stats.
// The rules live beside it (boards.ts, prompts.ts, granted.ts…); nothing here decides anything.
import { sql } from 'kysely';
import type { Db } from '../../db.ts';
import type { Viewer } from '../repo.ts';

/** The prompt the author set for a wish day, or null. */
export async function findPrompt(db: Db, date: string): Promise<string | null> {
  const row = await db.selectFrom('prompts').select('prompt').where('wish_date', '=', date).executeTakeFirst();
  return row?.prompt ?? null;
}

/** Inserts the board of a wish day; returns it, or undefined when it exists already (the unique wish_date). */
export async function insertBoardUnlessExists(db: Db, date: string, prompt: string, now: Date) {
  return db
    .insertInto('boards')
    .values({ wish_date: date, prompt, opened_at: now })
    .onConflict((oc) => oc.column('wish_date').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The board of a wish day, which must exist. */
export async function findExistingBoardRow(db: Db, date: string) {
  return db.selectFrom('boards').selectAll().where('wish_date', '=', date).executeTakeFirstOrThrow();
}

export async function findBoardRow(db: Db, date: string) {
  return db.selectFrom('boards').selectAll().where('wish_date', '=', date).executeTakeFirst();
}

/** The readers who asked to be reminded when a board opens. */
export async function listWishReminderReaders(db: Db) {
  return db.selectFrom('users').select('id').where('wish_reminder', '=', true).execute();
}

/** Boards up to and including `upToDate`, newest first, with counts of published wishes, offers and grants. */
export async function listBoardArchiveRows(db: Db, upToDate: string, limit: number) {
  return db
    .selectFrom('boards')
    .select((eb) => [
      'boards.wish_date',
      'boards.prompt',
      eb
        .selectFrom('wishes')
        .select((w) => w.fn.countAll<number>().as('n'))
        .whereRef('wishes.board_id', '=', 'boards.id')
        .where('wishes.status', '=', 'approved')
        .as('wishes'),
      eb
        .selectFrom('offers')
        .innerJoin('wishes', 'wishes.id', 'offers.wish_id')
        .select((o) => o.fn.countAll<number>().as('n'))
        .whereRef('wishes.board_id', '=', 'boards.id')
        .where('wishes.status', '=', 'approved')
        .where('offers.status', '=', 'approved')
        .as('offers'),
      eb
        .selectFrom('wishes')
        .select((w) => w.fn.countAll<number>().as('n'))
        .whereRef('wishes.board_id', '=', 'boards.id')
        .where('wishes.status', '=', 'approved')
        .where('wishes.granted_at', 'is not', null)
        .as('granted'),
    ])
    .where('boards.wish_date', '<=', upToDate)
    .orderBy('boards.wish_date', 'desc')
    .limit(limit)
    .execute();
}

/** Boards opened at or after `since`, oldest first. */
export async function listBoardRowsOpenedSince(db: Db, since: Date, limit: number) {
  return db
    .selectFrom('boards')
    .selectAll()
    .where('opened_at', '>=', since)
    .orderBy('opened_at')
    .limit(limit)
    .execute();
}

/** The prompts the author set for these wish days. */
export async function listPromptsOn(db: Db, dates: string[]) {
  return db.selectFrom('prompts').select(['wish_date', 'prompt']).where('wish_date', 'in', dates).execute();
}

/** Which of these wish days have a board. */
export async function listBoardDatesOn(db: Db, dates: string[]) {
  return db.selectFrom('boards').select('wish_date').where('wish_date', 'in', dates).execute();
}

export async function deletePrompt(db: Db, date: string): Promise<void> {
  await db.deleteFrom('prompts').where('wish_date', '=', date).execute();
}

export async function upsertPrompt(db: Db, date: string, prompt: string, now: Date): Promise<void> {
  await db
    .insertInto('prompts')
    .values({ wish_date: date, prompt, updated_at: now })
    .onConflict((oc) => oc.column('wish_date').doUpdateSet({ prompt, updated_at: now }))
    .execute();
}

/** Changes the prompt of an opened board. */
export async function updateBoardPrompt(db: Db, date: string, prompt: string): Promise<void> {
  await db.updateTable('boards').set({ prompt }).where('wish_date', '=', date).execute();
}

/** A board's published wishes, newest first. */
export async function listBoardFeedRows(db: Db, boardId: number, limit: number) {
  return db
    .selectFrom('wishes')
    .select(['id', 'author_name', 'body_html', 'created_at', 'granted_at', 'thank_you_html'])
    .where('board_id', '=', boardId)
    .where('status', '=', 'approved')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Published, open wishes of the board that are not the viewer's own, fewest standing offers first, then oldest. */
export async function listFewestOfferedWishes(db: Db, boardId: number, viewer: Viewer, limit: number) {
  return openWishesOthersMade(db, boardId, viewer)
    .select(['wishes.id', 'wishes.author_name', 'wishes.body_html', 'wishes.open_offer_count as offer_count'])
    .orderBy('wishes.open_offer_count')
    .orderBy('wishes.created_at')
    .orderBy('wishes.id')
    .limit(limit)
    .execute();
}

/** Published, open wishes of the board that are not the viewer's own. */
function openWishesOthersMade(db: Db, boardId: number, viewer: Viewer) {
  let query = db
    .selectFrom('wishes')
    .where('wishes.board_id', '=', boardId)
    .where('wishes.status', '=', 'approved')
    .where('wishes.granted_at', 'is', null)
    .where('wishes.rested_at', 'is', null);
  if (viewer.userId) {
    const userId = viewer.userId;
    query = query.where((eb) => eb.or([eb('wishes.user_id', 'is', null), eb('wishes.user_id', '<>', userId)]));
  }
  if (viewer.visitorTokenHash) {
    const hash = viewer.visitorTokenHash;
    query = query.where((eb) =>
      eb.or([eb('wishes.visitor_token_hash', 'is', null), eb('wishes.visitor_token_hash', '<>', hash)]),
    );
  }
  return query;
}

// Alike wishes/repo.ts selectWishesForModeration: kept apart because only the select's shape is shared; the wall
// pages granted wishes by its own cursor.
/** Published, granted wishes before the cursor (the last one shown), newest grant first. */
export async function listGrantedRows(db: Db, after: { grantedAt: Date; id: number } | null, limit: number) {
  let query = db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select([
      'wishes.id',
      'boards.wish_date',
      'wishes.author_name',
      'wishes.body_html',
      'wishes.thank_you_html',
      'wishes.blog_url',
      'wishes.granted_at',
    ])
    .where('wishes.status', '=', 'approved')
    .where('wishes.granted_at', 'is not', null);
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple('wishes.granted_at', 'wishes.id'), '<', eb.tuple(after.grantedAt, after.id)),
    );
  }
  return query.orderBy('wishes.granted_at', 'desc').orderBy('wishes.id', 'desc').limit(limit).execute();
}

/** Boards up to `upToDate`, newest first, with when each opened. */
export async function listBoardsUpTo(db: Db, upToDate: string) {
  return db
    .selectFrom('boards')
    .select(['wish_date', 'opened_at'])
    .where('wish_date', '<=', upToDate)
    .orderBy('wish_date', 'desc')
    .execute();
}

/** Published wishes with their board's date, newest first. */
export async function listPublishedWishPages(db: Db, limit: number) {
  return db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'boards.wish_date', 'wishes.updated_at'])
    .where('wishes.status', '=', 'approved')
    .orderBy('wishes.id', 'desc')
    .limit(limit)
    .execute();
}

/** The last `weeks` boards up to `upToDate`, newest first, counting published wishes and offers only. */
export async function listWeeklyStatsRows(db: Db, upToDate: string, weeks: number) {
  return db
    .selectFrom('boards')
    .leftJoin('wishes', (join) => join.onRef('wishes.board_id', '=', 'boards.id').on('wishes.status', '=', 'approved'))
    .select([
      'boards.wish_date',
      sql<number>`count(wishes.id)::int`.as('wishes'),
      sql<number>`coalesce(sum((select count(*) from offers o
        where o.wish_id = wishes.id and o.status = 'approved')), 0)::int`.as('offers'),
      sql<number>`count(wishes.id) filter (where exists (select 1 from offers o
        where o.wish_id = wishes.id and o.status = 'approved'
          and o.created_at <= wishes.created_at + interval '1 day'))::int`.as('offered_within_day'),
      sql<number>`count(wishes.id) filter (
        where wishes.granted_at <= wishes.created_at + interval '42 days')::int`.as('granted_within_six_weeks'),
      sql<number>`coalesce(sum((select count(*) from offers o
        where o.wish_id = wishes.id and o.status = 'approved' and o.origin = 'give_first')), 0)::int`.as(
        'give_first_offers',
      ),
    ])
    .where('boards.wish_date', '<=', upToDate)
    .groupBy('boards.wish_date')
    .orderBy('boards.wish_date', 'desc')
    .limit(weeks)
    .execute();
}
