// Serves readers from the page store and fills it. It never bumps a version:
// the domain services record what changed, in the transaction that changes it
// (src/lib/content/version.ts). The node:http fast path (fast-path.ts) answers
// from the same store without entering Astro.
import { defineMiddleware } from 'astro:middleware';
import { getApp } from '../app.ts';
import { identityOf } from '../cookies.ts';
import { noteRequest } from '../log.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { compressStreaming, isCompressible, VARY } from './compression.ts';
import { takeOverLead } from './fast-path.ts';
import {
  anonymousKey,
  answerPage,
  fillsOf,
  makeCachedPage,
  pages,
  readerKey,
  type Answer,
  type Entry,
  type ReaderPage,
} from './pages.ts';
import { fillSkeleton, isShareable, toSkeleton } from './personal-slots.ts';
import {
  canonicalKey,
  expiryFor,
  isAnonymousRead,
  isReaderRead,
  isSharedPageRead,
  PUBLIC_CACHE_CONTROL,
  routeScopes,
} from './rules.ts';
import type { VersionState } from '../../lib/content/version.ts';
import { scope } from '../../lib/content/scopes.ts';

function setCacheControl(response: Response, personal: boolean): Response {
  if (!response.headers.has('cache-control')) {
    response.headers.set('cache-control', personal ? 'private, no-store' : PUBLIC_CACHE_CONTROL);
  }
  if (!personal) response.headers.set('vary', VARY);
  return response;
}

/** What a page depends on: what it said (or its route's), and the frame every page shows. */
function pageScopes(locals: App.Locals, request: Request): readonly string[] {
  return [...(locals.cacheScopes ?? routeScopes(new URL(request.url).pathname)), scope.site];
}

/** A Buffer as a fetch body (the same memory). */
/** Already compressed (by this middleware's inner pass for a rewrite): its bytes are not the page's text. */
function isEncoded(response: Response): boolean {
  const encoding = response.headers.get('content-encoding');
  return encoding !== null && encoding !== 'identity';
}

function bodyOf(buffer: Buffer | null): Uint8Array<ArrayBuffer> | null {
  return buffer && new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength);
}

function toResponse(answer: Answer): Response {
  return new Response(bodyOf(answer.body), { status: answer.status, headers: answer.headers });
}

/** Headers a kept page is sent with: the rendering's, without what depends on the encoding sent. */
function keptHeaders(response: Response, personal: boolean): [string, string][] {
  const headers = new Headers(response.headers);
  for (const name of ['content-length', 'transfer-encoding', 'content-encoding', 'etag', 'vary']) headers.delete(name);
  headers.set('cache-control', personal ? 'private, no-store' : PUBLIC_CACHE_CONTROL);
  for (const [name, value] of Object.entries(securityHeaders())) if (!headers.has(name)) headers.set(name, value);
  return [...headers];
}

/**
 * A signed-in reader's page: slots cut out and theirs filled in (so no marker
 * leaves the server), and kept as a skeleton for their role when the page says
 * readers share it. It is filed under the versions read before rendering: if a
 * write lands while rendering, the next request sees it changed and renders afresh.
 */
async function keepReaderPage(
  locals: App.Locals,
  request: Request,
  key: string,
  state: VersionState,
  response: Response,
) {
  setCacheControl(response, true);
  const user = locals.user;
  // An encoded body came from an inner pass (Astro runs middleware again for a rewrite): never read it as text.
  if (!user || !/html/.test(response.headers.get('content-type') ?? '') || !response.body || isEncoded(response)) {
    return compressStreaming(request, response);
  }
  const skeleton = toSkeleton(await response.text());
  const viewer = { id: user.id, name: user.name, unreadCount: user.unreadCount ?? 0 };
  const except = locals.sharedAmongReadersExcept;
  const now = getApp().now();
  const keep =
    except !== undefined &&
    !except.has(user.id) &&
    response.status === 200 &&
    !response.headers.has('set-cookie') &&
    isShareable(skeleton, viewer);
  if (keep) {
    const storeKey = readerKey(user.role, key);
    const page: ReaderPage = {
      kind: 'skeleton',
      renderedAt: state.version,
      scopes: [...pageScopes(locals, request), ...(locals.sharedAmongReadersScopes ?? [])],
      expiresAt: expiryFor(state, now.getTime()),
      skeleton,
      except,
      headers: keptHeaders(response, true),
      compressed: fillsOf(storeKey, () => page),
      bytes: skeleton.bytes,
    };
    pages.set(storeKey, page);
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const body = Buffer.concat(fillSkeleton(skeleton, viewer, now).chunks);
  return compressStreaming(request, new Response(bodyOf(body), { status: response.status, headers }));
}

/** Keeps an anonymous GET's rendering when it is a complete, shareable page; answers from what was kept. */
async function storeAnonymousPage(
  request: Request,
  locals: App.Locals,
  key: string,
  state: VersionState,
  response: Response,
): Promise<{ response: Response; page: Entry | null }> {
  const type = response.headers.get('content-type');
  // A page that says it is personal (cache-control private or no-store) is never shared, whatever its path.
  const personal = /\b(?:private|no-store)\b/i.test(response.headers.get('cache-control') ?? '');
  const shareable =
    request.method === 'GET' &&
    response.status === 200 &&
    !personal &&
    !response.headers.has('set-cookie') &&
    !isEncoded(response) &&
    /html|xml/.test(type ?? '') &&
    isCompressible(type);
  if (!shareable) return { response: compressStreaming(request, setCacheControl(response, false)), page: null };
  const body = Buffer.from(await response.arrayBuffer());
  // A body-less answer is never kept: it would blank the page for everyone.
  if (body.byteLength === 0) return { response: setCacheControl(new Response(null, response), false), page: null };
  const page = makeCachedPage(
    {
      renderedAt: state.version,
      scopes: pageScopes(locals, request),
      expiresAt: expiryFor(state, Date.now()),
    },
    keptHeaders(response, false),
    body,
  );
  pages.set(anonymousKey(key), page);
  return { response: toResponse(await answerPage(anonymousKey(key), page, headersOf(request))), page };
}

function headersOf(request: Request) {
  return {
    acceptEncoding: request.headers.get('accept-encoding'),
    ifNoneMatch: request.headers.get('if-none-match'),
    head: request.method === 'HEAD',
  };
}

/** Renders of one page a request waits for, one after another, before it renders the page itself. */
const MAX_FLIGHTS_JOINED = 3;

export const pageCache = defineMiddleware(async (context, next) => {
  const { request, url, locals } = context;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return compressStreaming(request, setCacheControl(await next(), true));
  }
  const identity = identityOf(request);
  const key = canonicalKey(url.pathname, url.search);
  if (isReaderRead(request.method, url.pathname, url.search, identity)) {
    const state = await getApp().readContentVersion();
    locals.contentVersion = state;
    locals.keepsSlots = true;
    return keepReaderPage(locals, request, key, state, await next());
  }
  if (!isAnonymousRead(request.method, url.pathname, url.search, identity)) {
    // Someone with a visitor cookie: their page is theirs, but its shared parts may come from memory.
    if (isSharedPageRead(request.method, url.pathname, url.search)) {
      locals.contentVersion = await getApp().readContentVersion();
    }
    return compressStreaming(request, setCacheControl(await next(), true));
  }
  const storeKey = anonymousKey(key);
  // A render this request announced on the fast path is its own to make, never one to wait for; the
  // versions read there (after the request arrived) serve it here, without another read.
  const announced = request.method === 'GET' ? takeOverLead(storeKey) : null;
  const state = announced?.state ?? (await getApp().readContentVersion());
  locals.contentVersion = state;
  let hit = pages.get(storeKey, state, Date.now());
  // Single flight (PageStore.joinOrLead): wait for a render already under way that will show what ours
  // would, else render and let others wait. A render that turns out stale for us is followed by the
  // next one (a few at most), then we render ourselves. An announced render whose page was stored
  // meanwhile hands that page to its waiters.
  let finish: ((entry: Entry | null) => void) | null = null;
  if (announced && hit) announced.finish(hit);
  else finish = announced?.finish ?? null;
  for (let joined = 0; !hit && !finish && request.method === 'GET'; joined++) {
    const turn =
      joined < MAX_FLIGHTS_JOINED ? pages.joinOrLead(storeKey, state) : { lead: pages.lead(storeKey, state) };
    if (turn.lead) finish = turn.lead;
    else hit = await turn.join;
  }
  if (hit?.kind === 'page') {
    noteRequest({ cache: 'hit' });
    return toResponse(await answerPage(storeKey, hit, headersOf(request)));
  }
  // HEAD never fills the store (nor leads a render others wait for).
  if (!finish) return compressStreaming(request, setCacheControl(await next(), false));
  noteRequest({ cache: 'miss' });
  let kept: Entry | null = null;
  try {
    const stored = await storeAnonymousPage(request, locals, key, state, await next());
    kept = stored.page;
    return stored.response;
  } finally {
    finish(kept);
  }
});
