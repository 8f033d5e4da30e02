// SQL for search: one query ranks what readers may see, a second makes
// headlines for the page of results shown (ts_headline is the costly part).
//
// Ranking reads every candidate's tsvector, so a word found in thousands of
// items would cost a ranking of thousands. Candidates are therefore the newest
// CANDIDATES_PER_KIND matches of each kind (found through the GIN index), ranked
// together: exact for any search with fewer matches, and the best of the recent
// ones for a word that is everywhere. Counts then stop at the cap ("more than").
import { expressionBuilder, sql, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { visibleToReaders } from '../posts/visibility.ts';
import { headlineOptions } from './highlight.ts';

/** The text search configuration; the generated columns (db/migrations) use the same one. */
const CONFIG = sql`'english'::regconfig`;
export const CANDIDATES_PER_KIND = 100;
/** Texts up to this many characters are shown whole (a wish, an offer), longer ones in fragments. */
const SHORT_TEXT = 240;

export type HitKind = 'post' | 'page' | 'wish' | 'offer';

/** websearch_to_tsquery is immutable: with the words inline, the planner folds it and uses the GIN statistics. */
const tsquery = (query: string) => sql`websearch_to_tsquery(${CONFIG}, ${query})`;

/** Posts readers may see, as a condition on the unaliased `posts` table (one owner: posts/visibility.ts). */
const postVisible = (now: Date) => visibleToReaders(now)(expressionBuilder<Database, 'posts'>());

/** The newest matching candidates of each kind that readers may see (held, spam, draft and future never). */
function candidates(query: string, now: Date): RawBuilder<unknown> {
  const q = tsquery(query);
  return sql`
    post_hits as (
      select posts.id, posts.published_at as at, posts.search_vector from posts
      where posts.search_vector @@ ${q} and ${postVisible(now)}
      order by posts.published_at desc, posts.id desc limit ${CANDIDATES_PER_KIND}
    ),
    page_hits as (
      select pages.id, pages.updated_at as at, pages.search_vector from pages
      where pages.search_vector @@ ${q} and pages.status = 'published'
      order by pages.updated_at desc, pages.id desc limit ${CANDIDATES_PER_KIND}
    ),
    wish_hits as (
      select w.id, w.created_at as at, w.search_vector from wishes w join boards b on b.id = w.board_id
      where w.search_vector @@ ${q} and w.status = 'approved' and b.opened_at <= ${now}
      order by w.created_at desc, w.id desc limit ${CANDIDATES_PER_KIND}
    ),
    offer_hits as (
      select o.id, o.created_at as at, o.search_vector
      from offers o join wishes w on w.id = o.wish_id join boards b on b.id = w.board_id
      where o.search_vector @@ ${q} and o.status = 'approved' and w.status = 'approved' and b.opened_at <= ${now}
      order by o.created_at desc, o.id desc limit ${CANDIDATES_PER_KIND}
    )`;
}

interface RankedRow {
  kind: HitKind;
  id: number;
  at: Date;
  rank: number;
  /** Candidates of each kind (at most CANDIDATES_PER_KIND). */
  posts: number;
  pages: number;
  wishes: number;
  offers: number;
}

/** One page of candidates, best first, each row carrying the counts of all. */
export async function selectRankedPage(
  db: Db,
  query: string,
  now: Date,
  page: { limit: number; offset: number },
): Promise<RankedRow[]> {
  const q = tsquery(query);
  const result = await sql<RankedRow>`
    with ${candidates(query, now)},
    hits as (
      select 'post' as kind, id, at, ts_rank_cd(search_vector, ${q}, 1) as rank from post_hits
      union all select 'page', id, at, ts_rank_cd(search_vector, ${q}, 1) from page_hits
      union all select 'wish', id, at, ts_rank_cd(search_vector, ${q}, 1) from wish_hits
      union all select 'offer', id, at, ts_rank_cd(search_vector, ${q}, 1) from offer_hits
    )
    select kind, id, at, rank::float8 as rank,
      (count(*) filter (where kind = 'post') over ())::int as posts,
      (count(*) filter (where kind = 'page') over ())::int as pages,
      (count(*) filter (where kind = 'wish') over ())::int as wishes,
      (count(*) filter (where kind = 'offer') over ())::int as offers
    from hits
    order by rank desc, at desc, kind, id
    limit ${page.limit} offset ${page.offset}
  `.execute(db);
  return result.rows;
}

/** The counts alone, for a page past the last one (where the ranked query returns no rows). */
export async function countCandidates(db: Db, query: string, now: Date) {
  const result = await sql<Pick<RankedRow, 'posts' | 'pages' | 'wishes' | 'offers'>>`
    with ${candidates(query, now)}
    select (select count(*) from post_hits)::int as posts, (select count(*) from page_hits)::int as pages,
      (select count(*) from wish_hits)::int as wishes,
      (select count(*) from offer_hits)::int as offers
  `.execute(db);
  return result.rows[0] ?? { posts: 0, pages: 0, wishes: 0, offers: 0 };
}

export interface HitDetailRow {
  kind: HitKind;
  id: number;
  /** The post's slug, or the wish board's date. */
  ref: string;
  title: string | null;
  author_name: string | null;
  /** For an offer: its kind, and the name of the wisher it answers. */
  offer_kind: string | null;
  wish_author_name: string | null;
  title_headline: string | null;
  excerpt_headline: string;
}

/**
 * The excerpt, from the item's `search_text`: its HTML without tags, our markers
 * removed, entities kept (decoded later), stored by the database
 * (db/migrations/20261127_1400_search_text.ts).
 */
function excerpt(query: string, table: string) {
  const text = sql.ref(`${table}.search_text`);
  return sql`ts_headline(${CONFIG}, ${text}, ${tsquery(query)}, case when char_length(${text}) <= ${SHORT_TEXT}
    then ${headlineOptions('whole')} else ${headlineOptions('fragments')} end)`;
}

/** What the page shows of the hits: where they are, who wrote them, and their headlines. */
export async function selectHitDetails(db: Db, query: string, hits: { kind: HitKind; id: number }[]) {
  const ids = (kind: HitKind) => sql.join(hits.filter((h) => h.kind === kind).map((h) => h.id));
  const has = (kind: HitKind) => hits.some((h) => h.kind === kind);
  const parts: RawBuilder<unknown>[] = [];
  if (has('post')) {
    parts.push(sql`select 'post' as kind, p.id, p.slug as ref, p.title, null as author_name, null as offer_kind,
        null as wish_author_name, ts_headline(${CONFIG}, p.title, ${tsquery(query)}, ${headlineOptions('whole')})
        as title_headline, ${excerpt(query, 'p')} as excerpt_headline
      from posts p where p.id in (${ids('post')})`);
  }
  if (has('page')) {
    parts.push(sql`select 'page' as kind, p.id, p.slug as ref, p.title, null as author_name, null as offer_kind,
        null as wish_author_name, ts_headline(${CONFIG}, p.title, ${tsquery(query)}, ${headlineOptions('whole')})
        as title_headline, ${excerpt(query, 'p')} as excerpt_headline
      from pages p where p.id in (${ids('page')})`);
  }
  if (has('wish')) {
    parts.push(sql`select 'wish' as kind, w.id, b.wish_date as ref, null as title, w.author_name, null as offer_kind,
        null as wish_author_name, null as title_headline, ${excerpt(query, 'w')} as excerpt_headline
      from wishes w join boards b on b.id = w.board_id where w.id in (${ids('wish')})`);
  }
  if (has('offer')) {
    parts.push(sql`select 'offer' as kind, o.id, b.wish_date as ref, null as title, o.author_name, o.kind as offer_kind,
        w.author_name as wish_author_name, null as title_headline, ${excerpt(query, 'o')} as excerpt_headline
      from offers o join wishes w on w.id = o.wish_id join boards b on b.id = w.board_id where o.id in (${ids('offer')})`);
  }
  if (parts.length === 0) return [];
  return (await sql<HitDetailRow>`${sql.join(parts, sql` union all `)}`.execute(db)).rows;
}

/** Whether the words leave anything to search for (only common words like "the" do not). */
export async function hasSearchableWords(db: Db, query: string): Promise<boolean> {
  const result = await sql<{ n: number }>`select numnode(${tsquery(query)})::int as n`.execute(db);
  return Number(result.rows[0]?.n ?? 0) > 0;
}
