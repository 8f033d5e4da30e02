// The routes' rules the page cache obeys, in one place: which requests it may
// answer or fill, under which key, and what a page depends on. The routes feed
// it (old addresses, the fediverse's paths, the query parameters pages read);
// the cache itself (src/server/cache/) knows no route and no domain. Keys are
// canonical: only the query parameters a page reads are part of them, so
// `?x=1…10000` is one page, not ten thousand.
import { getConfig } from '../lib/config.ts';
import type { VersionState } from '../lib/content/version.ts';
import { ANY_CHANGE, scope } from '../lib/content/scopes.ts';
import { isOldAddress } from '../lib/import/old-addresses.ts';
import type { Identity } from './cookies.ts';
import { isFederationPath } from './federation.ts';

// Pages reached by a mailed link carry a token in the URL (a reset, a moderator invitation), and a visitor's manage page
// (/wishes/manage/<token>) is personal though it carries no cookie: never kept, never shared.
// Media files and share cards (/og/…) are cached by browsers and CDNs on their own headers, so they bypass this cache.
// Search results are kept, in a part of the store of their own (pages.ts). Old addresses of a
// moved-in blog ("/?p=123", "/feed/") may be redirects decided from a query the key leaves out, and so
// may the fediverse's addresses (a WebFinger `?resource=…`): they are Fedify's (server/federation.ts).
const NEVER_CACHED =
  /^\/(?:admin|login\/(?:code|passkey-options)|notifications|account|healthz|livez|readyz|setup|logout|signup|verify|reset|unsubscribe|confirm-replies|follow|moderator-invite|report|comments|_actions|_server-islands|wishes\/manage|media|og|metrics)(?:\/|$)/;
/** Even without a write, a cached page is rendered afresh after this long (time-based changes). */
const MAX_AGE_MS = 60_000;

/**
 * The query parameters each cacheable page reads (tests/unit/cache-keys.test.ts
 * checks this against every `searchParams` read in src/pages and src/components).
 * Any other parameter is left out of the key: the page renders the same without it.
 */
const PARAMS: [RegExp, string[]][] = [
  [/^\/$/, ['page']],
  [/^\/tags\/[^/]+$/, ['page']],
  [/^\/archive\/\d+\/\d+$/, ['page']],
  [/^\/posts\/[^/]+$/, ['replyto']],
  [/^\/login$/, ['next', 'reset']],
  [/^\/wishes(?:\/\d{4}-\d\d-\d\d)?$/, ['before']],
  [/^\/wishes\/granted$/, ['after']],
  [/^\/wishes\/\d{4}-\d\d-\d\d\/\d+$/, ['link']],
  [/^\/search$/, ['q', 'page']],
];

/** The cache key of a URL: its path and the parameters its page reads, in a fixed order. */
export function canonicalKey(pathname: string, search: string): string {
  if (search.length <= 1) return pathname;
  const names = PARAMS.find(([pattern]) => pattern.test(pathname))?.[1];
  if (!names) return pathname;
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of names) {
    const value = params.get(name);
    if (value !== null) kept.set(name, value);
  }
  const query = kept.toString();
  return query ? `${pathname}?${query}` : pathname;
}

function isCacheablePath(pathname: string, search: string): boolean {
  return (
    cacheIsOn() &&
    !NEVER_CACHED.test(pathname) &&
    !isFederationPath(pathname) &&
    !search.includes('_action=') &&
    !isOldAddress(pathname, search)
  );
}

/** PAGE_CACHE_MB=0: every request is rendered (tests compare the two; an operator may rule the cache out). */
function cacheIsOn(): boolean {
  return getConfig().pageCacheBytes > 0;
}

/** A read of a page readers share, by anyone: its kept parts (wish cards, threads) may serve it. */
export function isSharedPageRead(method: string, pathname: string, search: string): boolean {
  return (method === 'GET' || method === 'HEAD') && isCacheablePath(pathname, search);
}

/** A read by someone with no identity at all: may be answered from, and (GET only) fill, the shared cache. */
export function isAnonymousRead(method: string, pathname: string, search: string, identity: Identity): boolean {
  return (method === 'GET' || method === 'HEAD') && !identity.personal && isCacheablePath(pathname, search);
}

/** A signed-in reader's GET, which may share a skeleton with other readers. */
export function isReaderRead(method: string, pathname: string, search: string, identity: Identity): boolean {
  return (
    method === 'GET' &&
    identity.sessionId !== null &&
    identity.visitorToken === null &&
    isCacheablePath(pathname, search)
  );
}

/**
 * What a page depends on when it does not say (pages that know more set
 * `Astro.locals.cacheScopes`, e.g. a post page names its post). Pages not
 * listed depend on every change.
 */
export function routeScopes(pathname: string): readonly string[] {
  if (/^\/(?:|tags(?:\/[^/]+)?|archive(?:\/\d+\/\d+)?)$/.test(pathname)) return [scope.posts, scope.commentCounts];
  if (/^\/(?:rss\.xml|atom\.xml|feed\.json|sitemap\.xml)$/.test(pathname)) return [scope.posts];
  if (/^\/tags\/[^/]+\/(?:rss\.xml|atom\.xml|feed\.json)$/.test(pathname)) return [scope.posts];
  if (/^\/wishes\/(?:archive|granted)$/.test(pathname)) return [scope.boards];
  if (/^\/(?:login|signup|robots\.txt)$/.test(pathname)) return [];
  return [ANY_CHANGE];
}

/** The next instant pages change by time alone (e.g. the wish board opening or closing); registered by the domains. */
type TimeChange = (now: Date) => number;

/** When a page rendered now under `state` must be rendered again even without a write. */
export function expiryFor(state: VersionState, now: number, changes: readonly TimeChange[] = []): number {
  let at = Math.min(now + MAX_AGE_MS, state.nextPublishAt?.getTime() ?? Infinity);
  for (const next of changes) at = Math.min(at, next(new Date(now)));
  return at;
}
