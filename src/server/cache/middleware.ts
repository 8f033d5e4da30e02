// Leads, renders and stores: the one place a page is rendered for the cache and
// kept (the fast path, fast-path.ts, only answers from what is kept or joins a
// render under way here). It never bumps a version: the domain services record
// what changed, in the transaction that changes it (src/lib/content/version.ts).
// It reads the request's ticket (src/server/http/ticket.ts): the key, the class
// and the versions the fast path already read are not worked out again.
import type { MiddlewareHandler } from 'astro';
import { noteRequest } from '../log.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { sessionOf, ticketOf, type Ticket } from '../http/ticket.ts';
import { compressStreaming, isCompressible, PUBLIC_CACHE_CONTROL, VARY } from './compression.ts';
import type { PageCacheDeps } from './deps.ts';
import {
  anonymousKey,
  answerPage,
  fillsOf,
  makeCachedPage,
  readerKey,
  type Answer,
  type Entry,
  type ReaderPage,
} from './pages.ts';
import { fillSkeleton, isShareable, toSkeleton } from './personal-slots.ts';
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
function pageScopes(deps: PageCacheDeps, locals: App.Locals, ticket: Ticket): readonly string[] {
  return [...(locals.cacheScopes ?? deps.routeScopes(ticket.pathname)), scope.site];
}

/** Already compressed (by this middleware's inner pass for a rewrite): its bytes are not the page's text. */
function isEncoded(response: Response): boolean {
  const encoding = response.headers.get('content-encoding');
  return encoding !== null && encoding !== 'identity';
}

/** A Buffer as a fetch body (the same memory). */
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
  deps: PageCacheDeps,
  locals: App.Locals,
  request: Request,
  ticket: Ticket,
  storeKey: string,
  response: Response,
): Promise<{ response: Response; page: ReaderPage | null }> {
  setCacheControl(response, true);
  const user = locals.user;
  // An encoded body came from an inner pass (Astro runs middleware again for a rewrite): never read it as text.
  if (!user || !/html/.test(response.headers.get('content-type') ?? '') || !response.body || isEncoded(response)) {
    return { response: compressStreaming(request, response), page: null };
  }
  const state = ticket.versions!;
  const skeleton = toSkeleton(await response.text());
  const viewer = { id: user.id, name: user.name, unreadCount: user.unreadCount ?? 0 };
  const except = locals.sharedAmongReadersExcept;
  const now = deps.now();
  const keep =
    except !== undefined &&
    !except.has(user.id) &&
    response.status === 200 &&
    !response.headers.has('set-cookie') &&
    isShareable(skeleton, viewer);
  let page: ReaderPage | null = null;
  if (keep) {
    const kept: ReaderPage = {
      kind: 'skeleton',
      renderedAt: state.version,
      scopes: [...pageScopes(deps, locals, ticket), ...(locals.sharedAmongReadersScopes ?? [])],
      expiresAt: deps.expiryFor(state, now.getTime()),
      skeleton,
      except,
      headers: keptHeaders(response, true),
      compressed: fillsOf(deps.store, storeKey, () => kept),
      bytes: skeleton.bytes,
    };
    deps.store.set(storeKey, kept);
    page = kept;
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const body = Buffer.concat(fillSkeleton(skeleton, viewer, now, deps.fillOwn).chunks);
  const filled = new Response(bodyOf(body), { status: response.status, headers });
  return { response: compressStreaming(request, filled), page };
}

/** Keeps an anonymous GET's rendering when it is a complete, shareable page; answers from what was kept. */
async function storeAnonymousPage(
  deps: PageCacheDeps,
  request: Request,
  locals: App.Locals,
  ticket: Ticket,
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
  const state = ticket.versions!;
  const page = makeCachedPage(
    {
      renderedAt: state.version,
      scopes: pageScopes(deps, locals, ticket),
      expiresAt: deps.expiryFor(state, Date.now()),
    },
    keptHeaders(response, false),
    body,
  );
  const storeKey = anonymousKey(ticket.key);
  deps.store.set(storeKey, page);
  return { response: toResponse(await answerPage(deps.store, storeKey, page, headersOf(request))), page };
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

/** The versions for this request: those the fast path read after it arrived, or read now. */
async function versionsOf(deps: PageCacheDeps, ticket: Ticket): Promise<VersionState> {
  return (ticket.versions ??= await deps.readVersions());
}

/** The page cache's Astro middleware, made once by the app's wiring. */
export function createPageCacheMiddleware(deps: PageCacheDeps): MiddlewareHandler {
  return async (context, next) => {
    const { request, locals } = context;
    const ticket = ticketOf(context);
    // Not the cache's (a write, a route never cached): never kept, and private to whoever asked.
    if (ticket.class === 'pass') return compressStreaming(request, setCacheControl(await next(), true));
    locals.contentVersion = await versionsOf(deps, ticket);
    if (ticket.class === 'reader') return renderForReader(deps, context, ticket, next);
    // Someone with a visitor cookie: their page is theirs, but its shared parts may come from memory.
    if (ticket.class === 'shared') return compressStreaming(request, setCacheControl(await next(), true));
    return renderAnonymous(deps, context, ticket, next);
  };
}

type Context = Parameters<MiddlewareHandler>[0];
type Next = Parameters<MiddlewareHandler>[1];

/** A reader's page is rendered here, announced so readers of the same role arriving meanwhile wait for it. */
async function renderForReader(deps: PageCacheDeps, context: Context, ticket: Ticket, next: Next) {
  const { request, locals } = context;
  locals.keepsSlots = true;
  const { user } = await sessionOf(ticket, deps.auth).catch(() => ({ user: null }));
  const storeKey = user ? readerKey(user.role, ticket.key) : null;
  const state = ticket.versions!;
  const finish = storeKey && !deps.store.joinable(storeKey, state) ? deps.store.lead(storeKey, state) : null;
  let kept: Entry | null = null;
  try {
    const made = await keepReaderPage(deps, locals, request, ticket, storeKey ?? '', await next());
    kept = made.page;
    return made.response;
  } finally {
    finish?.(kept);
  }
}

/**
 * Single flight (PageStore.joinOrLead): wait for a render already under way
 * that will show what ours would, else render and let others wait. A render
 * that turns out stale for us is followed by the next one (a few at most),
 * then we render ourselves.
 */
async function renderAnonymous(deps: PageCacheDeps, context: Context, ticket: Ticket, next: Next) {
  const { request, locals } = context;
  const state = ticket.versions!;
  const storeKey = anonymousKey(ticket.key);
  let hit = deps.store.get(storeKey, state, Date.now());
  let finish: ((entry: Entry | null) => void) | null = null;
  for (let joined = 0; !hit && !finish && request.method === 'GET'; joined++) {
    const turn =
      joined < MAX_FLIGHTS_JOINED ? deps.store.joinOrLead(storeKey, state) : { lead: deps.store.lead(storeKey, state) };
    if (turn.lead) finish = turn.lead;
    else hit = await turn.join;
  }
  if (hit?.kind === 'page') {
    noteRequest({ cache: 'hit' });
    return toResponse(await answerPage(deps.store, storeKey, hit, headersOf(request)));
  }
  // HEAD never fills the store (nor leads a render others wait for).
  if (!finish) return compressStreaming(request, setCacheControl(await next(), false));
  noteRequest({ cache: 'miss' });
  let kept: Entry | null = null;
  try {
    const stored = await storeAnonymousPage(deps, request, locals, ticket, await next());
    kept = stored.page;
    return stored.response;
  } finally {
    finish(kept);
  }
}
