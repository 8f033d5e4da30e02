// Site search: ranked, highlighted, paginated hits over what readers may see,
// and, when nothing is found, suggestions of what to try instead.
import { escape } from 'html-escaper';
import type { OfferKind } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { formatWishDay } from '../schedule/week.ts';
import { OFFER_KIND_LABELS } from '../wishes/input.ts';
import { headlineToHtml } from './highlight.ts';
import { PAGE_SIZE, type SearchRequest } from './input.ts';
import { countHits, hasSearchableWords, selectRankedHits, type HitKind, type HitRow } from './repo.ts';
import { suggestAlternatives, type Suggestions } from './suggest.ts';

export interface SearchHit {
  kind: HitKind;
  url: string;
  /** Escaped HTML; the words searched for in <mark>. */
  titleHtml: string;
  excerptHtml: string;
  /** Where it was found, e.g. "Post" or "Wish board of Wednesday, 25 November 2026". */
  context: string;
  at: Date;
}

export interface SearchResults {
  query: string;
  page: number;
  pageCount: number;
  total: number;
  hits: SearchHit[];
  /** Only when nothing was found. */
  suggestions: Suggestions | null;
  /** Why nothing could be searched (only very common words), or null. */
  problem: string | null;
  notice: string | null;
}

function toHit(row: HitRow): SearchHit {
  const excerptHtml = headlineToHtml(row.excerpt_headline, { fromHtml: true });
  if (row.kind === 'post') {
    return {
      kind: 'post',
      url: `/posts/${encodeURIComponent(row.ref)}`,
      titleHtml: headlineToHtml(row.title_headline ?? row.title ?? '', { fromHtml: false }),
      excerptHtml,
      context: 'Post',
      at: row.at,
    };
  }
  const board = `Wish board of ${formatWishDay(row.ref, { withYear: true })}`;
  const by = escape(row.author_name ?? 'someone');
  if (row.kind === 'wish') {
    return {
      kind: 'wish',
      url: `/wishes/${row.ref}#wish-${row.id}`,
      titleHtml: `A wish by ${by}`,
      excerptHtml,
      context: board,
      at: row.at,
    };
  }
  const kind = OFFER_KIND_LABELS[row.offer_kind as OfferKind] ?? 'Support';
  return {
    kind: 'offer',
    url: `/wishes/${row.ref}#offer-${row.id}`,
    titleHtml: `${escape(kind)} offered by ${by} to ${escape(row.wish_author_name ?? 'someone')}`,
    excerptHtml,
    context: board,
    at: row.at,
  };
}

export async function searchSite(db: Db, request: SearchRequest, now: Date): Promise<SearchResults> {
  const base = { query: request.query, page: request.page, notice: request.notice };
  if (request.query === '') {
    return { ...base, pageCount: 0, total: 0, hits: [], suggestions: null, problem: null };
  }
  const offset = (request.page - 1) * PAGE_SIZE;
  const rows = await selectRankedHits(db, request.query, now, { limit: PAGE_SIZE, offset });
  const total = rows[0]?.total ?? (request.page > 1 ? await countHits(db, request.query, now) : 0);
  const pageCount = Math.ceil(total / PAGE_SIZE);
  if (total > 0) return { ...base, pageCount, total, hits: rows.map(toHit), suggestions: null, problem: null };

  const searchable = await hasSearchableWords(db, request.query);
  return {
    ...base,
    pageCount: 0,
    total: 0,
    hits: [],
    suggestions: await suggestAlternatives(db, request.query, now),
    problem: searchable ? null : 'Those words are too common to search for: add a more particular word.',
  };
}
