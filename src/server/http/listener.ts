// What node:http runs for every request in production: make the request's
// ticket (ticket.ts), refuse oversized bodies before reading them, answer
// cached reads on the fast path, hand the rest to Astro with the ticket as
// `locals.ticket`, and log one line per request.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveFromCache } from '../cache/fast-path.ts';
import { getLogger, requestContext, type RequestContext } from '../log.ts';
import { observeRequest } from '../metrics.ts';
import { getApp, holdAppOpen } from '../app.ts';
import { bodyLimitFor, MAX_EDITOR_REQUEST_BYTES } from './limits.ts';
import { loggedPath } from './logged-path.ts';
import { answerOneClick, isOneClickRequest } from './one-click.ts';
import { CROSS_SITE_MESSAGE, isCrossSiteSubmission } from './origin-check.ts';
import { EDGE_CSP, securityHeaders } from './security-headers.ts';
import { sessionOf, ticketForNode, type Ticket } from './ticket.ts';
import { countVisit } from '../visits.ts';

/** Astro's handler (entry.ts), given the ticket as its locals. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, ticket?: Ticket) => void;

/** A request id from a proxy is kept when it looks like one; otherwise we make one. */
function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
}

/**
 * Refuses a request before its body is read: answers at once, then discards
 * (never buffers) what the client is still sending, so it can read the answer —
 * closing at once would reset the connection under it. A client that keeps
 * sending is cut off.
 */
function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
  const cutOff = setTimeout(() => req.socket.destroy(), 5000);
  req.once('end', () => clearTimeout(cutOff));
  req.resume();
}

const CONTROL = /\p{Cc}/u;

/**
 * An address whose path does not decode, or decodes to a control character (a
 * NUL, a line break), names nothing here. It is refused before any route sees
 * it: such bytes made Astro's own lookups throw before our middleware ran.
 */
function isUnreadablePath(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  if (!path.includes('%')) return CONTROL.test(path);
  try {
    return CONTROL.test(decodeURIComponent(path));
  } catch {
    return true;
  }
}

function logRequest(req: IncomingMessage, res: ServerResponse, context: RequestContext, startedAt: number) {
  const url = req.url ?? '/';
  getLogger().info({
    reqId: context.id,
    method: req.method,
    // Never the query, and no token-bearing segment (src/server/http/logged-path.ts).
    path: loggedPath(url),
    route: context.route,
    status: res.statusCode,
    ms: Math.round((performance.now() - startedAt) * 10) / 10,
    cache: context.cache,
    ...(res.writableFinished ? {} : { aborted: true }),
  });
}

/** Whether the request comes from a signed-in author (checked before accepting a large upload). */
async function isFromAuthor(ticket: Ticket): Promise<boolean> {
  const { user } = await sessionOf(ticket, getApp().auth);
  return user?.role === 'author';
}

function route(req: IncomingMessage, res: ServerResponse, handler: NodeHandler, context: RequestContext): void {
  // The process answers, whatever the database or the cache are doing: nothing else is looked at.
  if (req.url === '/livez' && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    return void res.end(req.method === 'HEAD' ? undefined : 'alive\n');
  }
  if (isUnreadablePath(req.url ?? '/')) {
    res.setHeader('content-security-policy', EDGE_CSP);
    return refuseUnread(req, res, 400, 'Bad request: this address has characters no page here uses.');
  }
  const ticket = ticketForNode(req, context.id);
  if (isOneClickRequest(req)) return answerOneClick(req, res);
  const header = (name: string) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  const host = header('host');
  const crossSite = isCrossSiteSubmission({
    method: req.method ?? 'GET',
    contentType: header('content-type'),
    origin: header('origin'),
    addressedTo: host ? `http://${host}` : null,
  });
  if (crossSite) return refuseUnread(req, res, 403, CROSS_SITE_MESSAGE);
  const limit = bodyLimitFor((req.url ?? '/').split('?', 1)[0]!);
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > limit) {
    return refuseUnread(req, res, 413, `Request too large: the limit is ${limit / 1024} KB.`);
  }
  // Only upload pages allow more than the editor's limit, and only to the author:
  // nobody else may make the server take in a 30 MB body.
  if (length > MAX_EDITOR_REQUEST_BYTES) {
    holdAppOpen(isFromAuthor(ticket)).then(
      (author) => {
        if (author) handler(req, res, ticket);
        else refuseUnread(req, res, 413, `Request too large: the limit is ${MAX_EDITOR_REQUEST_BYTES / 1024} KB.`);
      },
      () => refuseUnread(req, res, 503, 'Please try again in a moment.'),
    );
    return;
  }
  // Browsers send every form with a length; a body without one could only be measured by reading it.
  if (req.headers['transfer-encoding'] && req.headers['content-length'] === undefined) {
    return refuseUnread(req, res, 411, 'A Content-Length is required.');
  }
  if (ticket.class === 'pass') return handler(req, res, ticket);
  holdAppOpen(serveFromCache(getApp().pageCache, ticket, req.headers, res)).then(
    (served) => {
      if (served) context.cache = 'hit';
      else handler(req, res, ticket);
    },
    (error: unknown) => {
      // Never silent: a broken fast path would quietly send every read through Astro.
      getLogger().error({ err: error, reqId: context.id }, 'page cache fast path failed');
      if (!res.headersSent) handler(req, res, ticket);
    },
  );
}

export function createRequestListener(handler: NodeHandler): NodeHandler {
  return (req, res) => {
    const startedAt = performance.now();
    const context: RequestContext = { id: requestIdFor(req), route: null, cache: 'pass' };
    res.setHeader('x-request-id', context.id);
    for (const [name, value] of Object.entries(securityHeaders())) res.setHeader(name, value);
    res.once('close', () => logRequest(req, res, context, startedAt));
    res.once('close', () => observeRequest(req.method, res, context, startedAt));
    res.once('close', () => countVisit(req, res));
    requestContext.run(context, () => route(req, res, handler, context));
  };
}
