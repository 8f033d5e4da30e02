// Serves anonymous readers from the page cache and bumps the content version
// after every successful form post, so no reader on any process sees a page
// older than the last write. The same cache answers scripts/serve.ts's fast
// path, which skips Astro's pipeline for cached pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineMiddleware } from 'astro:middleware';
import { getApp } from '../lib/app.ts';
import { bumpContentVersion, versionReaderFor } from '../lib/cache/content-version.ts';
import { PageCache, etagFor, matchesEtag, type CachedPage } from '../lib/cache/page-cache.ts';
import { fillSkeleton, toSkeleton, type Skeleton } from '../lib/cache/personal-slots.ts';
import { boardWindow, currentBoardDate, nextBoardOpensAt } from '../lib/schedule/week.ts';
import { SECURITY_HEADERS } from './protection.ts';

const PERSONAL_COOKIES = /(?:^|;\s*)(?:wishcast_session|wishcast_visitor)=/;
const VISITOR_COOKIE = /(?:^|;\s*)wishcast_visitor=/;
const SESSION_COOKIE = /(?:^|;\s*)wishcast_session=([^;]+)/;
const NEVER_CACHED = /^\/(?:admin|notifications|account|healthz|setup|logout|_actions|_server-islands)(?:\/|$)/;
/** Even without a write, a cached page is rendered afresh after this long (time-based changes). */
const MAX_AGE_MS = 60_000;
const PUBLIC_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

const cache = new PageCache();

/** Pages for signed-in readers, as skeletons with their personal slots cut out. */
interface ReaderPage {
  version: number;
  expiresAt: number;
  skeleton: Skeleton;
  /** Readers whose view differs elsewhere too: always rendered for them. */
  except: ReadonlySet<string>;
  headers: [string, string][];
}
const readerPages = new Map<string, ReaderPage>();
const MAX_READER_PAGES = 500;
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

function isReaderRead(method: string, pathname: string, search: string, cookie: string): boolean {
  return (
    method === 'GET' &&
    SESSION_COOKIE.test(cookie) &&
    !VISITOR_COOKIE.test(cookie) &&
    !NEVER_CACHED.test(pathname) &&
    !search.includes('_action=')
  );
}

/**
 * Keeps a reader's page as a skeleton when the page says readers share it.
 * It is filed under the version read before rendering: if a write lands while
 * rendering, the next request sees a newer version and renders afresh.
 */
async function keepReaderPage(
  locals: App.Locals,
  key: string,
  before: { version: number; nextPublishAt: Date | null },
  response: Response,
): Promise<Response> {
  setCacheControl(response, true);
  const user = locals.user;
  const except = locals.sharedAmongReadersExcept;
  if (!user || user.role !== 'reader' || !except || except.has(user.id)) return response;
  if (response.status !== 200 || response.headers.has('set-cookie')) return response;
  const html = await response.text();
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const skeleton = toSkeleton(html, user);
  if (skeleton) {
    const now = Date.now();
    readerPages.delete(key);
    readerPages.set(key, {
      version: before.version,
      expiresAt: Math.min(
        now + MAX_AGE_MS,
        before.nextPublishAt?.getTime() ?? Infinity,
        nextWishDayChange(new Date(now)),
      ),
      skeleton,
      except,
      headers: [...headers],
    });
    if (readerPages.size > MAX_READER_PAGES) readerPages.delete(readerPages.keys().next().value!);
  }
  return new Response(html, { status: 200, headers });
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
  const cookie = request.headers.get('cookie') ?? '';
  if (isReaderRead(request.method, url.pathname, url.search, cookie)) {
    const before = await currentVersion();
    context.locals.contentVersion = before;
    return keepReaderPage(context.locals, url.pathname + url.search, before, await next());
  }
  if (!isAnonymousRead(request.method, url.pathname, url.search, cookie)) {
    return setCacheControl(await next(), true);
  }

  const now = Date.now();
  const state = await currentVersion();
  context.locals.contentVersion = state;
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

/** Answers a signed-in reader from a kept skeleton with their own slots filled in; false when Astro must render. */
async function serveReaderPage(
  req: IncomingMessage,
  res: ServerResponse,
  key: string,
  cookie: string,
): Promise<boolean> {
  const page = readerPages.get(key);
  if (!page) return false;
  const sessionId = SESSION_COOKIE.exec(cookie)?.[1];
  if (!sessionId) return false;
  const { auth } = getApp();
  const [{ version }, { session, user }] = await Promise.all([currentVersion(), auth.validateSession(sessionId)]);
  if (!session || !user || user.role !== 'reader' || page.except.has(user.id)) return false;
  if (page.version !== version || page.expiresAt <= Date.now()) return false;
  const body = Buffer.from(fillSkeleton(page.skeleton, user));
  const headers: [string, string][] = [...page.headers, ['content-length', String(body.byteLength)]];
  // Lucia extended the session: the cookie goes with it, as Astro would have sent it.
  if (session.fresh) headers.push(['set-cookie', auth.createSessionCookie(session.id).serialize()]);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/** Answers a cached read straight from node:http; false when Astro must render. */
async function serveFromCache(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const pathname = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const search = queryAt === -1 ? '' : rawUrl.slice(queryAt);
  const cookie = req.headers.cookie ?? '';
  if (isReaderRead(req.method ?? 'GET', pathname, search, cookie)) {
    try {
      return await serveReaderPage(req, res, new URL(rawUrl, 'http://cache.invalid').pathname + search, cookie);
    } catch {
      return false;
    }
  }
  if (!isAnonymousRead(req.method ?? 'GET', pathname, search, cookie)) return false;
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
