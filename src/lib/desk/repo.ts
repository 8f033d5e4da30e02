// What the author's desk (/admin) shows first, read with a few counting queries,
// and the daily visit counts behind it: SQL only.
import { sql } from 'kysely';
import type { Db } from '../db.ts';

export interface BoardCounts {
  wishDate: string;
  wishes: number;
  offers: number;
  granted: number;
}

/** The newest board's approved wishes, offers on them, and wishes granted; null before any board opened. */
export async function countNewestBoard(db: Db): Promise<BoardCounts | null> {
  const board = await db
    .selectFrom('boards')
    .select(['id', 'wish_date'])
    .orderBy('wish_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!board) return null;
  const row = await db
    .selectFrom('wishes')
    .where('board_id', '=', board.id)
    .where('status', '=', 'approved')
    .select((eb) => [
      eb.fn.countAll<string>().as('wishes'),
      eb.fn.count<string>('granted_at').as('granted'),
      eb
        .selectFrom('offers')
        .innerJoin('wishes as w', 'w.id', 'offers.wish_id')
        .where('w.board_id', '=', board.id)
        .where('offers.status', '=', 'approved')
        .select((o) => o.fn.countAll<string>().as('n'))
        .as('offers'),
    ])
    .executeTakeFirstOrThrow();
  return {
    wishDate: board.wish_date,
    wishes: Number(row.wishes),
    offers: Number(row.offers ?? 0),
    granted: Number(row.granted),
  };
}

export interface RecentComment {
  id: number;
  authorName: string;
  postTitle: string;
  postSlug: string;
  createdAt: Date;
}

/** The newest approved comments, with the post each is on. */
export async function listRecentComments(db: Db, limit: number): Promise<RecentComment[]> {
  const rows = await db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .where('comments.status', '=', 'approved')
    .select([
      'comments.id',
      'comments.author_name',
      'comments.created_at',
      'posts.title as post_title',
      'posts.slug as post_slug',
    ])
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    authorName: r.author_name,
    postTitle: r.post_title,
    postSlug: r.post_slug,
    createdAt: new Date(r.created_at),
  }));
}

export interface AudienceCounts {
  /** Confirmed followers by email. */
  emailFollowers: number;
  /** Accounts on the fediverse following the blog or the board. */
  fediverseFollowers: number;
  /** Readers with an account. */
  members: number;
}

export async function countAudience(db: Db): Promise<AudienceCounts> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('followers')
        .where('confirmed_at', 'is not', null)
        .select((s) => s.fn.countAll<string>().as('n'))
        .as('email'),
      eb
        .selectFrom('fediverse_followers')
        .select((s) => s.fn.countAll<string>().as('n'))
        .as('fediverse'),
      eb
        .selectFrom('users')
        .where('role', '=', 'reader')
        .select((s) => s.fn.countAll<string>().as('n'))
        .as('members'),
    ])
    .executeTakeFirstOrThrow();
  return {
    emailFollowers: Number(row.email ?? 0),
    fediverseFollowers: Number(row.fediverse ?? 0),
    members: Number(row.members ?? 0),
  };
}

interface SetupFacts {
  storedSettings: string[];
  aboutPublished: boolean;
  publishedPosts: number;
  boards: number;
}

/** The facts the onboarding checklist is checked from. */
export async function readSetupFacts(db: Db, now: Date): Promise<SetupFacts> {
  const [settings, row] = await Promise.all([
    db.selectFrom('settings').select('key').where('key', 'in', ['site_name', 'tagline']).execute(),
    db
      .selectNoFrom((eb) => [
        eb
          .exists(eb.selectFrom('pages').select('id').where('slug', '=', 'about').where('status', '=', 'published'))
          .as('about'),
        eb
          .selectFrom('posts')
          .where('status', '=', 'published')
          .where('published_at', '<=', now)
          .select((s) => s.fn.countAll<string>().as('n'))
          .as('posts'),
        eb
          .selectFrom('boards')
          .select((s) => s.fn.countAll<string>().as('n'))
          .as('boards'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    storedSettings: settings.map((s) => s.key),
    aboutPublished: Boolean(row.about),
    publishedPosts: Number(row.posts ?? 0),
    boards: Number(row.boards ?? 0),
  };
}

/** Adds counts to their days' rows. */
export async function addVisits(db: Db, counts: { day: string; pathClass: string; visits: number }[]): Promise<void> {
  if (counts.length === 0) return;
  await db
    .insertInto('daily_visits')
    .values(counts.map((c) => ({ day: c.day, path_class: c.pathClass, visits: c.visits })))
    .onConflict((oc) =>
      oc.columns(['day', 'path_class']).doUpdateSet({ visits: sql`daily_visits.visits + excluded.visits` }),
    )
    .execute();
}

/** Each day from `firstDay` to `lastDay` that has visits, every class added up (the sum as the database gives it). */
export async function sumVisitsPerDayBetween(
  db: Db,
  firstDay: string,
  lastDay: string,
): Promise<{ day: string; visits: string }[]> {
  return db
    .selectFrom('daily_visits')
    .where('day', '>=', firstDay)
    .where('day', '<=', lastDay)
    .groupBy('day')
    .select((eb) => ['day', eb.fn.sum<string>('visits').as('visits')])
    .execute();
}
