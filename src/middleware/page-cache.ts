// Serves anonymous readers from the page cache and bumps the content version
// after every successful form post, so no reader on any process sees a page
// older than the last write. The same cache answers scripts/serve.ts's fast
// path, which skips Astro's pipeline for cached pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineMiddleware } from 'astro:middleware';
import { getApp } from '../lib/app.ts';
import { bumpContentVersion, versionReaderFor } from '../lib/cache/content-version.ts';
import { PageCache, etagFor, matchesEtag, type CachedPage } from '../lib/cache/page-cache.ts';
import { boardWindow, currentBoardDate, nextBoardOpensAt } from '../lib/schedule/week.ts';
import { SECURITY_HEADERS } from './protection.ts';

const PERSONAL_COOKIES = /(?:^|;\s*)(?:wishcast_session|wishcast_visitor)=/;
const NEVER_CACHED = /^\/(?:admin|notifications|account|healthz|setup|logout|_actions|_server-islands)(?:\/|$)/;
/** Even without a write, a cached page is rendered afresh after this long (time-based changes). */
const MAX_AGE_MS = 60_000;
const PUBLIC_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

const cache = new PageCache();
let readVersion: ReturnType<typeof versionReaderFor> | null = null;

function currentVersion() {
  const app = getApp();
  readVersion ??= versionReaderFor(app.db, { singleProcess: !app.config.databaseUrl });
  return readVersion();
}

/** The next instant pages change by time alone: the wish board opening or closing. */
function nextWishDayChange(now: Date): number {
  const { siteTimezone, wishWeekday } = getApp().config;
  const opens = nextBoardOpensAt(now, siteTimezone, wishWeekday).getTime();
  const closes = boardWindow(currentBoardDate(now, siteTimezone, wishWeekday), siteTimezone).wishesCloseAt.getTime();
  return closes > now.getTime() ? Math.min(opens, closes) : opens;
}

function isAnonymousRead(method: string, pathname: string, search: string, cookie: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (NEVER_CACHED.test(pathname) || search.includes('_action=')) return false;
  return !PERSONAL_COOKIES.test(cookie);
}

function setCacheControl(response: Response, personal: boolean): Response {
  if (!response.headers.has('cache-control')) {
    response.headers.set('cache-control', personal ? 'private, no-store' : PUBLIC_CACHE_CONTROL);
  }
  if (!personal) response.headers.set('vary', 'Cookie');
  return response;
}

function fromCache(request: Request, page: CachedPage): Response {
  const headers = new Headers(page.headers);
  if (matchesEtag(request.headers.get('if-none-match'), page.etag)) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : page.body, { status: page.status, headers });
}

export const pageCache = defineMiddleware(async (context, next) => {
  const { request, url } = context;
  if (request.method === 'POST') {
    const response = await next();
    // Any successful form post may change what readers see: invalidate every process's cache.
    const isAction = url.searchParams.has('_action') || url.pathname.startsWith('/_actions/');
    if (response.status < 400 && isAction) await bumpContentVersion(getApp().db);
    return setCacheControl(response, true);
  }
  if (!isAnonymousRead(request.method, url.pathname, url.search, request.headers.get('cookie') ?? '')) {
    return setCacheControl(await next(), true);
  }

  const now = Date.now();
  const state = await currentVersion();
  const key = url.pathname + url.search;
  const hit = cache.get(key, state.version, now);
  if (hit) return fromCache(request, hit);

  const response = await next();
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || response.headers.has('set-cookie') || !/html|xml/.test(type)) {
    return setCacheControl(response, false);
  }
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  // The length is set when the cached copy is sent (0 for a 304).
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  const etag = etagFor(body);
  headers.set('etag', etag);
  headers.set('cache-control', PUBLIC_CACHE_CONTROL);
  headers.set('vary', 'Cookie');
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!headers.has(name)) headers.set(name, value);
  const page: CachedPage = {
    version: state.version,
    status: 200,
    headers: [...headers],
    body,
    etag,
    expiresAt: Math.min(now + MAX_AGE_MS, state.nextPublishAt?.getTime() ?? Infinity, nextWishDayChange(new Date(now))),
  };
  cache.set(key, page);
  return fromCache(request, page);
});

/** Answers a cached anonymous read straight from node:http; false when Astro must render. */
async function serveFromCache(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const pathname = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const search = queryAt === -1 ? '' : rawUrl.slice(queryAt);
  if (!isAnonymousRead(req.method ?? 'GET', pathname, search, req.headers.cookie ?? '')) return false;
  let version: number;
  try {
    version = (await currentVersion()).version;
  } catch {
    return false; // let Astro answer (503 when the database is down)
  }
  const page = cache.get(new URL(rawUrl, 'http://cache.invalid').pathname + search, version, Date.now());
  if (!page) return false;
  const notModified = matchesEtag(req.headers['if-none-match'] ?? null, page.etag);
  res.writeHead(
    notModified ? 304 : page.status,
    page.headers.concat([['content-length', String(notModified ? 0 : page.body.byteLength)]]),
  );
  res.end(notModified || req.method === 'HEAD' ? undefined : page.body);
  return true;
}

(globalThis as Record<symbol, unknown>)[Symbol.for('wishcast.pageCache.fastPath')] = serveFromCache;
