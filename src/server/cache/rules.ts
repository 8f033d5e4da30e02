// Which requests the page cache may answer or fill, and the process's two
// stores: whole pages for anonymous readers, skeletons for signed-in readers.
import type { VersionState } from '../../lib/content/version.ts';
import { boardWindow, currentBoardDate, nextBoardOpensAt } from '../../lib/schedule/week.ts';
import type { Identity } from '../cookies.ts';
import { getApp } from '../app.ts';
import { PageCache } from './page-store.ts';
import type { Skeleton } from './personal-slots.ts';

// Pages reached by a mailed link carry a token in the URL, and a visitor's manage page
// (/wishes/manage/<token>) is personal though it carries no cookie: never kept, never shared.
// Media files are immutable and cached by browsers and CDNs on their own headers, so they bypass this cache.
const NEVER_CACHED =
  /^\/(?:admin|notifications|account|healthz|setup|logout|signup|verify|reset|unsubscribe|confirm-replies|_actions|_server-islands|wishes\/manage|media)(?:\/|$)/;
/** Even without a write, a cached page is rendered afresh after this long (time-based changes). */
export const MAX_AGE_MS = 60_000;
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

export const anonymousPages = new PageCache();

/** Pages for signed-in readers, as skeletons with their personal slots cut out. */
export interface ReaderPage {
  version: number;
  expiresAt: number;
  skeleton: Skeleton;
  /** Readers whose view differs elsewhere too: always rendered for them. */
  except: ReadonlySet<string>;
  headers: [string, string][];
}
export const readerPages = new Map<string, ReaderPage>();
export const MAX_READER_PAGES = 500;

function isCacheablePath(pathname: string, search: string): boolean {
  return !NEVER_CACHED.test(pathname) && !search.includes('_action=');
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

/** The next instant pages change by time alone: the wish board opening or closing. */
function nextWishDayChange(now: Date): number {
  const { siteTimezone, wishWeekday } = getApp().config;
  const opens = nextBoardOpensAt(now, siteTimezone, wishWeekday).getTime();
  const closes = boardWindow(currentBoardDate(now, siteTimezone, wishWeekday), siteTimezone).wishesCloseAt.getTime();
  return closes > now.getTime() ? Math.min(opens, closes) : opens;
}

/** When a page rendered now under `state` must be rendered again even without a write. */
export function expiryFor(state: VersionState, now: number): number {
  return Math.min(now + MAX_AGE_MS, state.nextPublishAt?.getTime() ?? Infinity, nextWishDayChange(new Date(now)));
}
