// What a search may ask: the words typed into /search?q= and a page number.
// Anyone can type anything here (quotes, backslashes, 10 KB, NUL), so the text
// is cleaned rather than refused: PostgreSQL's websearch_to_tsquery never fails
// on syntax, but it does refuse NUL bytes, and long strings only cost time.
import { z } from 'astro/zod';

export const MAX_QUERY_LENGTH = 200;
export const PAGE_SIZE = 10;
/** Deep pages of ranked results cost a full ranking each; nobody reads page 51. */
export const MAX_PAGE = 50;

export interface SearchRequest {
  /** The cleaned words, '' when nothing searchable was typed. */
  query: string;
  page: number;
  /** Why the words were changed, to say so beside the box; null when they were not. */
  notice: string | null;
}

// Control characters (NUL included) and lone surrogates are dropped; spaces of any kind become one space.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/** Cleans what was typed: whitespace collapsed, control characters gone, at most MAX_QUERY_LENGTH characters. */
export function cleanQuery(raw: string): { query: string; shortened: boolean } {
  const text = raw.toWellFormed().normalize('NFC').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
  if (text.length <= MAX_QUERY_LENGTH) return { query: text, shortened: false };
  const cut = Array.from(text).slice(0, MAX_QUERY_LENGTH).join('');
  const space = cut.lastIndexOf(' ');
  return { query: (space > MAX_QUERY_LENGTH / 2 ? cut.slice(0, space) : cut).trim(), shortened: true };
}

const pageField = z
  .string()
  .nullish()
  .transform((value) => {
    const n = value && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : 1;
    return Math.min(Math.max(n, 1), MAX_PAGE);
  });

const searchInput = z.object({
  q: z
    .string()
    .nullish()
    .transform((value) => cleanQuery(value ?? '')),
  page: pageField,
});

/** Reads /search?q=…&page=…; never throws, whatever the address holds. */
export function readSearchRequest(params: URLSearchParams): SearchRequest {
  const parsed = searchInput.parse({ q: params.get('q'), page: params.get('page') });
  return {
    query: parsed.q.query,
    page: parsed.page,
    notice: parsed.q.shortened
      ? `Searches are limited to ${MAX_QUERY_LENGTH} characters, so yours was shortened.`
      : null,
  };
}

/** The address of a search, for links (pagination, suggestions). */
export function searchHref(query: string, page = 1): string {
  const params = new URLSearchParams({ q: query });
  if (page > 1) params.set('page', String(page));
  return `/search?${params}`;
}
