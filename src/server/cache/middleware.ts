// Serves anonymous readers from the page cache and bumps the content version
// after every successful form post, so no reader on any process sees a page
// older than the last write. The node:http fast path (fast-path.ts) answers
// from the same stores without entering Astro.
import { defineMiddleware } from 'astro:middleware';
import { bumpContentVersion } from '../../lib/content/version.ts';
import { getApp } from '../app.ts';
import { identityOf } from '../cookies.ts';
import { noteRequest } from '../log.ts';
import { SECURITY_HEADERS } from '../protection.ts';
import { etagFor, matchesEtag, type CachedPage } from './page-store.ts';
import { toSkeleton } from './personal-slots.ts';
import {
  anonymousPages,
  expiryFor,
  isAnonymousRead,
  isReaderRead,
  MAX_READER_PAGES,
  PUBLIC_CACHE_CONTROL,
  readerPages,
} from './rules.ts';
import type { VersionState } from '../../lib/content/version.ts';

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

/**
 * Keeps a reader's page as a skeleton when the page says readers share it.
 * It is filed under the version read before rendering: if a write lands while
 * rendering, the next request sees a newer version and renders afresh.
 */
async function keepReaderPage(
  locals: App.Locals,
  key: string,
  before: VersionState,
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
    readerPages.delete(key);
    readerPages.set(key, {
      version: before.version,
      expiresAt: expiryFor(before, Date.now()),
      skeleton,
      except,
      headers: [...headers],
    });
    if (readerPages.size > MAX_READER_PAGES) readerPages.delete(readerPages.keys().next().value!);
  }
  return new Response(html, { status: 200, headers });
}

/** Stores an anonymous GET's rendering when it is a complete, shareable page. */
async function storeAnonymousPage(request: Request, key: string, state: VersionState, response: Response) {
  const type = response.headers.get('content-type') ?? '';
  // A page that says it is personal (cache-control private or no-store) is never shared, whatever its path.
  const personal = /\b(?:private|no-store)\b/i.test(response.headers.get('cache-control') ?? '');
  const shareable =
    request.method === 'GET' &&
    response.status === 200 &&
    !personal &&
    !response.headers.has('set-cookie') &&
    /html|xml/.test(type);
  if (!shareable) return setCacheControl(response, false);
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
  const now = Date.now();
  const page: CachedPage = {
    version: state.version,
    status: 200,
    headers: [...headers],
    body,
    etag,
    expiresAt: expiryFor(state, now),
  };
  // A body-less answer is never kept: it would blank the page for everyone.
  if (body.byteLength > 0) anonymousPages.set(key, page);
  return fromCache(request, page);
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
  const identity = identityOf(request);
  const key = url.pathname + url.search;
  if (isReaderRead(request.method, url.pathname, url.search, identity)) {
    const before = await getApp().readContentVersion();
    context.locals.contentVersion = before;
    return keepReaderPage(context.locals, key, before, await next());
  }
  if (!isAnonymousRead(request.method, url.pathname, url.search, identity)) {
    return setCacheControl(await next(), true);
  }
  const state = await getApp().readContentVersion();
  context.locals.contentVersion = state;
  const hit = anonymousPages.get(key, state.version, Date.now());
  if (hit) {
    noteRequest({ cache: 'hit' });
    return fromCache(request, hit);
  }
  noteRequest({ cache: 'miss' });
  return storeAnonymousPage(request, key, state, await next());
});
