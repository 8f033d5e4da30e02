// Answers cached reads straight from node:http, before Astro's pipeline, from
// the request's ticket (src/server/http/ticket.ts). It only answers: a page
// kept, or one a render already under way will make (joining it). It never
// leads a render: on a miss the request goes to Astro, whose page cache
// middleware (middleware.ts) alone leads, renders and stores. Nothing is
// compressed here per request: compressed forms are made once per page
// version (and per filled-in reader) and kept beside the page.
import type { ServerResponse } from 'node:http';
import { sessionOf, type Ticket } from '../http/ticket.ts';
import type { PageCacheDeps } from './deps.ts';
import { anonymousKey, answerPage, answerReader, readerKey, type Answer, type Entry } from './pages.ts';

function send(res: ServerResponse, answer: Answer): true {
  // A flat [name, value, name, value…] list: the one array form node accepts once a header was set (x-request-id).
  res.writeHead(answer.status, answer.headers.flat());
  res.end(answer.body ?? undefined);
  return true;
}

/** The kept page for `storeKey`, or the one a render under way will make (null when neither). */
async function keptOrJoined(deps: PageCacheDeps, storeKey: string, ticket: Ticket): Promise<Entry | null> {
  const state = ticket.versions!;
  const page = deps.store.get(storeKey, state, Date.now());
  if (page || ticket.method !== 'GET') return page;
  return (await deps.store.joinable(storeKey, state)) ?? null;
}

/** Answers a signed-in reader from a kept skeleton with their own slots filled in; false when Astro must render. */
async function serveReaderPage(
  deps: PageCacheDeps,
  res: ServerResponse,
  ticket: Ticket,
  acceptEncoding: string | null,
) {
  const [state, { session, user }] = await Promise.all([deps.readVersions(), sessionOf(ticket, deps.auth)]);
  ticket.versions = state;
  if (!session || !user) return false;
  const storeKey = readerKey(user.role, ticket.key);
  const page = await keptOrJoined(deps, storeKey, ticket);
  if (page?.kind !== 'skeleton' || page.except.has(user.id)) return false;
  const viewer = { id: user.id, name: user.name, unreadCount: user.unreadCount ?? 0 };
  const answer = await answerReader(deps.store, storeKey, page, viewer, deps.now(), deps.fillOwn, acceptEncoding);
  // Lucia extended the session: the cookie goes with it, as Astro would have sent it.
  if (session.fresh) answer.headers.push(['set-cookie', deps.auth.createSessionCookie(session.id).serialize()]);
  return send(res, answer);
}

/** Answers a cached read; resolves false when Astro must render instead (with the versions read on the ticket). */
export async function serveFromCache(
  deps: PageCacheDeps,
  ticket: Ticket,
  headers: { 'accept-encoding'?: string; 'if-none-match'?: string },
  res: ServerResponse,
): Promise<boolean> {
  const acceptEncoding = headers['accept-encoding'] ?? null;
  try {
    if (ticket.class === 'reader') return await serveReaderPage(deps, res, ticket, acceptEncoding);
    if (ticket.class !== 'anonymous') return false;
    ticket.versions = await deps.readVersions();
    const storeKey = anonymousKey(ticket.key);
    const page = await keptOrJoined(deps, storeKey, ticket);
    if (page?.kind !== 'page') return false;
    const answer = await answerPage(deps.store, storeKey, page, {
      acceptEncoding,
      ifNoneMatch: headers['if-none-match'] ?? null,
      head: ticket.method === 'HEAD',
    });
    return send(res, answer);
  } catch {
    return false; // let Astro answer (503 when the database is down)
  }
}
