// One ticket per request, made once by the listener: who is asking, what they
// ask for under the cache's key, how the cache may treat it, and (once read)
// the content versions and the session. The fast path reads it, and Astro gets
// it as `locals.ticket`: nothing downstream parses the cookie, the key or the
// versions again, and a session is validated once per request.
import type { IncomingMessage } from 'node:http';
import type { Session, User } from 'lucia';
import type { Auth } from '../../lib/auth/lucia.ts';
import type { VersionState } from '../../lib/content/version.ts';
import { readIdentity, type Identity } from '../cookies.ts';
import { canonicalKey, isAnonymousRead, isReaderRead, isSharedPageRead } from '../route-rules.ts';

/**
 * How the page cache may treat a request:
 * - `anonymous`: no identity; answered from and (GET) filling the shared cache;
 * - `reader`: a signed-in reader's GET; may share a skeleton with readers of their role;
 * - `shared`: someone with a visitor cookie; their page is theirs, its shared parts may come from memory;
 * - `pass`: never from the cache (a write, an uncacheable route, a personal request of another shape).
 */
type RequestClass = 'anonymous' | 'reader' | 'shared' | 'pass';

interface SessionCheck {
  session: Session | null;
  user: User | null;
}

export interface Ticket {
  id: string;
  /** The connection's peer address (before any proxy header is believed). */
  peer: string | null;
  method: string;
  pathname: string;
  search: string;
  identity: Identity;
  /** The cache key: the path and the query parameters its page reads. */
  key: string;
  class: RequestClass;
  /** The content versions, read after the request arrived (by the fast path or the middleware), once. */
  versions: VersionState | null;
  /** Shared by the tickets of one request (a rewrite gets its own path, not a second session check). */
  readonly once: { session?: Promise<SessionCheck> };
}

function classOf(method: string, pathname: string, search: string, identity: Identity): RequestClass {
  if (isReaderRead(method, pathname, search, identity)) return 'reader';
  if (isAnonymousRead(method, pathname, search, identity)) return 'anonymous';
  if (isSharedPageRead(method, pathname, search)) return 'shared';
  return 'pass';
}

/** The same normalisation Astro applies (dot segments, percent-encoding), so keys agree; null if it names nothing. */
function normalisedPath(rawPath: string): string | null {
  try {
    return new URL(rawPath, 'http://ticket.invalid').pathname;
  } catch {
    return null;
  }
}

/** A ticket for a request line and cookie header. */
function makeTicket(request: {
  id: string;
  peer: string | null;
  method: string;
  url: string;
  cookie: string | null | undefined;
}): Ticket {
  const queryAt = request.url.indexOf('?');
  const search = queryAt === -1 ? '' : request.url.slice(queryAt);
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const pathname = normalisedPath(rawPath);
  const identity = readIdentity(request.cookie);
  const { method } = request;
  return {
    id: request.id,
    peer: request.peer,
    method,
    pathname: pathname ?? rawPath,
    search,
    identity,
    key: pathname === null ? rawPath : canonicalKey(pathname, search),
    class: pathname === null ? 'pass' : classOf(method, pathname, search, identity),
    versions: null,
    once: {},
  };
}

export function ticketForNode(req: IncomingMessage, id: string): Ticket {
  return makeTicket({
    id,
    peer: req.socket.remoteAddress ?? null,
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    cookie: req.headers.cookie,
  });
}

/**
 * The ticket of what Astro is answering now: the listener's, or (a rewrite to
 * another path, or no listener, as under `astro dev`) one made for this URL,
 * sharing the request's session check.
 */
export function ticketOf(context: { request: Request; url: URL; locals: App.Locals }): Ticket {
  const given = context.locals.ticket;
  const { pathname, search } = context.url;
  if (given && given.pathname === pathname && given.search === search && given.method === context.request.method) {
    return given;
  }
  const made = makeTicket({
    id: given?.id ?? '',
    peer: given?.peer ?? null,
    method: context.request.method,
    url: pathname + search,
    cookie: context.request.headers.get('cookie'),
  });
  const ticket = given ? { ...made, once: given.once } : made;
  context.locals.ticket ??= ticket;
  return ticket;
}

/** The request's session, validated once however many layers ask (one database query). */
export function sessionOf(ticket: Ticket, auth: Auth): Promise<SessionCheck> {
  const { sessionId } = ticket.identity;
  if (!sessionId) return Promise.resolve({ session: null, user: null });
  return (ticket.once.session ??= auth.validateSession(sessionId));
}
