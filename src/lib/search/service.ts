// Site search: ranked, highlighted, paginated hits over what readers may see,
// and, when nothing is found, suggestions of what to try instead.
import { escape } from 'html-escaper';
import type { OfferKind } from '../../../db/schema.ts';
import { scope } from '../content/scopes.ts';
import type { VersionState } from '../content/version.ts';
import { VersionedMemo } from '../content/versioned-memo.ts';
import type { Db } from '../db.ts';
import { listTags, type TagCount } from '../posts/tags.ts';
import { formatWishDay } from '../schedule/week.ts';
import { OFFER_KIND_LABELS } from '../wishes/input.ts';
import { headlineToHtml } from './highlight.ts';
import { MAX_PAGE, PAGE_SIZE, type SearchRequest } from './input.ts';
import {
  CANDIDATES_PER_KIND,
  countCandidates,
  hasSearchableWords,
  selectHitDetails,
  selectRankedPage,
  type HitDetailRow,
  type HitKind,
} from './repo.ts';
import { suggestAlternatives, type Suggestions } from './suggest.ts';

interface SearchHit {
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
  /** True when a kind had more matches than are ranked: `total` is then a lower bound. */
  totalIsAtLeast: boolean;
  hits: SearchHit[];
  /** Only when nothing was found. */
  suggestions: Suggestions | null;
  /** Why nothing could be searched (only very common words), or null. */
  problem: string | null;
  notice: string | null;
}

function toHit(row: HitDetailRow, at: Date): SearchHit {
  const excerptHtml = headlineToHtml(row.excerpt_headline, { fromHtml: true });
  if (row.kind === 'page') {
    return {
      kind: 'page',
      url: `/${encodeURIComponent(row.ref)}`,
      titleHtml: headlineToHtml(row.title_headline ?? row.title ?? '', { fromHtml: false }),
      excerptHtml,
      context: 'Page',
      at,
    };
  }
  if (row.kind === 'post') {
    return {
      kind: 'post',
      url: `/posts/${encodeURIComponent(row.ref)}`,
      titleHtml: headlineToHtml(row.title_headline ?? row.title ?? '', { fromHtml: false }),
      excerptHtml,
      context: 'Post',
      at,
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
      at,
    };
  }
  const kind = OFFER_KIND_LABELS[row.offer_kind as OfferKind] ?? 'Support';
  return {
    kind: 'offer',
    url: `/wishes/${row.ref}#offer-${row.id}`,
    titleHtml: `${escape(kind)} offered by ${by} to ${escape(row.wish_author_name ?? 'someone')}`,
    excerptHtml,
    context: board,
    at,
  };
}

const NOTHING = { pageCount: 0, total: 0, totalIsAtLeast: false, hits: [] };

export async function searchSite(
  db: Db,
  request: SearchRequest,
  now: Date,
  tags?: () => Promise<TagCount[]>,
): Promise<SearchResults> {
  const base = { query: request.query, page: request.page, notice: request.notice };
  if (request.query === '') return { ...base, ...NOTHING, suggestions: null, problem: null };
  const offset = (request.page - 1) * PAGE_SIZE;
  const rows = await selectRankedPage(db, request.query, now, { limit: PAGE_SIZE, offset });
  const counts = rows[0] ?? (request.page > 1 ? await countCandidates(db, request.query, now) : null);
  const total = counts ? counts.posts + counts.pages + counts.wishes + counts.offers : 0;
  if (counts && total > 0) {
    const details = await selectHitDetails(db, request.query, rows);
    const byKey = new Map(details.map((d) => [`${d.kind}:${d.id}`, d]));
    // In rank order; an item removed between the two queries is simply left out.
    const hits = rows.flatMap((r) => {
      const detail = byKey.get(`${r.kind}:${r.id}`);
      return detail ? [toHit(detail, r.at)] : [];
    });
    return {
      ...base,
      pageCount: Math.min(Math.ceil(total / PAGE_SIZE), MAX_PAGE),
      total,
      totalIsAtLeast: [counts.posts, counts.pages, counts.wishes, counts.offers].some((n) => n >= CANDIDATES_PER_KIND),
      hits,
      suggestions: null,
      problem: null,
    };
  }
  const searchable = await hasSearchableWords(db, request.query);
  return {
    ...base,
    ...NOTHING,
    suggestions: await suggestAlternatives(db, request.query, now, tags),
    problem: searchable ? null : 'Those words are too common to search for: add a more particular word.',
  };
}

/**
 * What search results depend on: posts (written, edited, published), the
 * author's pages (recorded as `site`, like renames and departures of members),
 * and wishes and offers readers see (every approved change records `boards`).
 */
export const SEARCH_SCOPES = [scope.posts, scope.boards, scope.site] as const;

const sizeOfResults = (results: SearchResults) =>
  1024 +
  2 * results.hits.reduce((n, hit) => n + hit.titleHtml.length + hit.excerptHtml.length + hit.url.length + 96, 0);

/**
 * Results kept while nothing searchable changed: popular searches cost their
 * queries once per change, not once per request. Bounded by bytes, and apart
 * from the page cache, so a flood of distinct searches only churns this memo.
 */
const kept = new VersionedMemo<SearchResults>({
  scopes: SEARCH_SCOPES,
  sizeOf: sizeOfResults,
  maxBytes: 4 * 1024 * 1024,
});

/**
 * The busiest tags, suggested when a search finds nothing: counting them reads
 * every visible post's tags, so they are kept while no post changes (tags are
 * part of the posts scope), rather than counted for every search that finds nothing.
 */
const keptTags = new WeakMap<Db, VersionedMemo<TagCount[]>>();

/** One memo per database handle: versions of two databases (as in tests) are not comparable. */
function tagsKeptFor(db: Db): VersionedMemo<TagCount[]> {
  let memo = keptTags.get(db);
  if (!memo) {
    memo = new VersionedMemo<TagCount[]>({
      scopes: [scope.posts],
      sizeOf: (tags) => 256 + tags.reduce((n, t) => n + 2 * (t.name.length + t.slug.length) + 64, 0),
      maxBytes: 1024 * 1024,
    });
    keptTags.set(db, memo);
  }
  return memo;
}

/** searchSite, answered from memory while none of SEARCH_SCOPES changed (never a stale result). */
export function searchSiteKept(db: Db, request: SearchRequest, now: Date, version: VersionState) {
  if (request.query === '') return searchSite(db, request, now);
  const tags = () => tagsKeptFor(db).get('', version, now.getTime(), () => listTags(db, now));
  // The notice (a shortened query) is part of the request, so of the key.
  const key = `${request.page}\u0000${request.notice ?? ''}\u0000${request.query}`;
  return kept.get(key, version, now.getTime(), () => searchSite(db, request, now, tags));
}
