// What to try when a search finds nothing: fewer words, no quotes or
// exclusions, or browsing by tag.
import type { Db } from '../db.ts';
import { listTags, type TagCount } from '../posts/tags.ts';
import { searchHref } from './input.ts';

interface SuggestedLink {
  label: string;
  href: string;
}

export interface Suggestions {
  /** Searches for one of the words alone (when several were typed). */
  fewerWords: SuggestedLink[];
  /** The same words without quotes and exclusions ("-word"), when there were any. */
  looser: SuggestedLink | null;
  /** The busiest tags, to browse instead. */
  tags: SuggestedLink[];
}

const MAX_WORDS = 4;
const MAX_TAGS = 12;

/** The plain words of a query: no quotes, no excluded words, no "or". */
export function plainWords(query: string): string[] {
  const words = query
    .split(' ')
    .filter((w) => !w.startsWith('-'))
    .map((w) => w.replace(/["()]/g, '').trim())
    .filter((w) => w.length >= 2 && w.toLowerCase() !== 'or');
  return [...new Set(words)];
}

/** Suggestions from the words alone (pure). */
export function suggestFromWords(query: string): Omit<Suggestions, 'tags'> {
  const words = plainWords(query);
  const fewerWords =
    words.length > 1 ? words.slice(0, MAX_WORDS).map((word) => ({ label: word, href: searchHref(word) })) : [];
  const loose = words.join(' ');
  const looser = loose !== '' && loose !== query ? { label: loose, href: searchHref(loose) } : null;
  return { fewerWords, looser };
}

/** `tags` gives the busiest tags (by default read now; service.ts keeps them while posts do not change). */
export async function suggestAlternatives(
  db: Db,
  query: string,
  now: Date,
  tags: () => Promise<TagCount[]> = () => listTags(db, now),
): Promise<Suggestions> {
  const busiest = await tags();
  return {
    ...suggestFromWords(query),
    tags: busiest.slice(0, MAX_TAGS).map((t) => ({ label: t.name, href: `/tags/${encodeURIComponent(t.slug)}` })),
  };
}
