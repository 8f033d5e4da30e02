// SQL for search: one ranked query over what readers may see, with headlines
// made only for the page of results shown.
import { expressionBuilder, sql } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { visibleToReaders } from '../posts/visibility.ts';
import { headlineOptions } from './highlight.ts';

/** The text search configuration; the generated columns (db/migrations) use the same one. */
const CONFIG = sql`'english'::regconfig`;

/** Posts readers may see, as a condition on the unaliased `posts` table (one owner: posts/visibility.ts). */
const postVisible = (now: Date) => visibleToReaders(now)(expressionBuilder<Database, 'posts'>());

export type HitKind = 'post' | 'wish' | 'offer';

export interface HitRow {
  kind: HitKind;
  id: number;
  /** The post's slug, or the wish board's date. */
  ref: string;
  title: string | null;
  author_name: string | null;
  /** For an offer: its kind, and the name of the wisher it answers. */
  offer_kind: string | null;
  wish_author_name: string | null;
  at: Date;
  rank: number;
  total: number;
  title_headline: string | null;
  excerpt_headline: string;
}

/** Texts up to this many characters are shown whole (a wish, an offer), longer ones in fragments. */
const SHORT_TEXT = 240;

/** Block elements end a word ("end.</p><p>Start"); inline ones do not ("<em>wish</em>,"). */
const BLOCK_TAG =
  '</?(p|br|li|ul|ol|h[1-6]|blockquote|pre|hr|table|thead|tbody|tr|td|th|figure|figcaption|div)([ /][^>]*)?>';

/** Plain text of stored HTML for ts_headline: tags out, our markers out, entities kept (decoded later). */
const textOf = (html: ReturnType<typeof sql>) =>
  sql`translate(regexp_replace(regexp_replace(${html}, ${BLOCK_TAG}, ' ', 'gi'), '<[^>]*>', '', 'g'), ${'\u0002\u0003'}, '')`;

/**
 * The ranked hits for one page, each with its headlines, and the number of all
 * hits. Posts count once they are published and their time has come; wishes
 * and offers once approved, on a board that has opened (an offer also needs
 * its wish approved). Held, spam, deleted, draft and future items never match.
 */
export async function selectRankedHits(
  db: Db,
  query: string,
  now: Date,
  page: { limit: number; offset: number },
): Promise<HitRow[]> {
  const result = await sql<HitRow>`
    with q as (select websearch_to_tsquery(${CONFIG}, ${query}) as query),
    hits as (
      select 'post' as kind, posts.id, posts.published_at as at, ts_rank_cd(posts.search_vector, q.query, 1) as rank
      from posts, q
      where posts.search_vector @@ q.query and ${postVisible(now)}
      union all
      select 'wish', w.id, w.created_at, ts_rank_cd(w.search_vector, q.query, 1)
      from wishes w join boards b on b.id = w.board_id, q
      where w.search_vector @@ q.query and w.status = 'approved' and b.opened_at <= ${now}
      union all
      select 'offer', o.id, o.created_at, ts_rank_cd(o.search_vector, q.query, 1)
      from offers o join wishes w on w.id = o.wish_id join boards b on b.id = w.board_id, q
      where o.search_vector @@ q.query and o.status = 'approved' and w.status = 'approved' and b.opened_at <= ${now}
    ),
    shown as (
      select hits.*, count(*) over () as total from hits
      order by rank desc, at desc, kind, id
      limit ${page.limit} offset ${page.offset}
    )
    select shown.kind, shown.id, shown.at, shown.rank::float8 as rank, shown.total::int as total,
      coalesce(p.slug, b.wish_date, ob.wish_date) as ref,
      p.title,
      coalesce(w.author_name, o.author_name) as author_name,
      o.kind as offer_kind,
      ow.author_name as wish_author_name,
      case when p.id is not null then ts_headline(${CONFIG}, p.title, q.query, ${headlineOptions('whole')}) end
        as title_headline,
      ts_headline(${CONFIG}, body.text, q.query,
        case when char_length(body.text) <= ${SHORT_TEXT} then ${headlineOptions('whole')} else ${headlineOptions('fragments')} end
      ) as excerpt_headline
    from shown cross join q
    left join posts p on shown.kind = 'post' and p.id = shown.id
    left join wishes w on shown.kind = 'wish' and w.id = shown.id
    left join boards b on b.id = w.board_id
    left join offers o on shown.kind = 'offer' and o.id = shown.id
    left join wishes ow on ow.id = o.wish_id
    left join boards ob on ob.id = ow.board_id
    cross join lateral (
      select ${textOf(sql`coalesce(p.body_html, concat_ws(' ', w.body_html, w.thank_you_html), o.body_html)`)} as text
    ) body
    order by shown.rank desc, shown.at desc, shown.kind, shown.id
  `.execute(db);
  return result.rows;
}

/** How many hits there are in all (for a page past the last one, where the ranked query returns no rows). */
export async function countHits(db: Db, query: string, now: Date): Promise<number> {
  const result = await sql<{ n: number }>`
    with q as (select websearch_to_tsquery(${CONFIG}, ${query}) as query)
    select (
      (select count(*) from posts, q where posts.search_vector @@ q.query and ${postVisible(now)})
      + (select count(*) from wishes w join boards b on b.id = w.board_id, q
        where w.search_vector @@ q.query and w.status = 'approved' and b.opened_at <= ${now})
      + (select count(*) from offers o join wishes w on w.id = o.wish_id join boards b on b.id = w.board_id, q
        where o.search_vector @@ q.query and o.status = 'approved' and w.status = 'approved' and b.opened_at <= ${now})
    )::int as n
  `.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Whether the words leave anything to search for (only common words like "the" do not). */
export async function hasSearchableWords(db: Db, query: string): Promise<boolean> {
  const result = await sql<{ n: number }>`select numnode(websearch_to_tsquery(${CONFIG}, ${query}))::int as n`.execute(
    db,
  );
  return Number(result.rows[0]?.n ?? 0) > 0;
}
