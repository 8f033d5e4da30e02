// Answers cached reads straight from node:http, before Astro's pipeline: the
// server entry (entry.ts) exports it and scripts/serve.ts calls it first.
// Nothing is compressed here per request: compressed forms are made once per
// page version (and per filled-in reader) and kept beside the page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getApp } from '../app.ts';
import { readIdentity, type Identity } from '../cookies.ts';
import type { VersionState } from '../../lib/content/version.ts';
import { requestContext } from '../log.ts';
import {
  anonymousKey,
  answerPage,
  answerReader,
  pages,
  readerKey,
  type Answer,
  type Entry,
  type ReaderPage,
} from './pages.ts';
import { canonicalKey, isAnonymousRead, isReaderRead } from './rules.ts';

/** Readers' pages being rendered by Astro now, by store key: others of the same role wait for the skeleton. */
const rendering = new Map<string, { renderedAt: number; done: Promise<void> }>();

function send(res: ServerResponse, answer: Answer): true {
  // A flat [name, value, name, value…] list: the one array form node accepts once a header was set (x-request-id).
  res.writeHead(answer.status, answer.headers.flat());
  res.end(answer.body ?? undefined);
  return true;
}

/** Answers a signed-in reader from a kept skeleton with their own slots filled in; false when Astro must render. */
async function serveReaderPage(req: IncomingMessage, res: ServerResponse, key: string, identity: Identity) {
  const { auth, readContentVersion, now } = getApp();
  const [state, { session, user }] = await Promise.all([
    readContentVersion(),
    auth.validateSession(identity.sessionId!),
  ]);
  if (!session || !user) return false;
  const storeKey = readerKey(user.role, key);
  let page = pages.get(storeKey, state, Date.now()) as ReaderPage | null;
  const pending = rendering.get(storeKey);
  if (!page && pending && pages.willShow(storeKey, pending.renderedAt, state)) {
    // Single flight: the page is being rendered and will show what ours would (checked again below); wait for it.
    await pending.done;
    page = pages.get(storeKey, state, Date.now()) as ReaderPage | null;
  }
  if (!page || page.kind !== 'skeleton' || page.except.has(user.id)) {
    if (!pending) trackRender(storeKey, state.version, res);
    return false;
  }
  const answer = await answerReader(
    storeKey,
    page,
    { id: user.id, name: user.name, unreadCount: user.unreadCount ?? 0 },
    now(),
    req.headers['accept-encoding'] ?? null,
  );
  // Lucia extended the session: the cookie goes with it, as Astro would have sent it.
  if (session.fresh) answer.headers.push(['set-cookie', auth.createSessionCookie(session.id).serialize()]);
  return send(res, answer);
}

/** Marks a reader's page as being rendered until this response is sent. */
function trackRender(storeKey: string, renderedAt: number, res: ServerResponse): void {
  const entry = { renderedAt, done: new Promise<void>((resolve) => res.once('close', resolve)) };
  rendering.set(storeKey, entry);
  void entry.done.then(() => {
    if (rendering.get(storeKey) === entry) rendering.delete(storeKey);
  });
}

/** Renders announced here for the request that will make them in Astro, by its request context. */
const leads = new WeakMap<object, Lead>();

interface Lead {
  storeKey: string;
  /** The versions the fast path read for this request (after it arrived). */
  state: VersionState;
  finish: (entry: Entry | null) => void;
}

/**
 * Leaves the render this request announced (PageStore.joinOrLead) to the page
 * cache middleware, which finishes it with the page it stores. Readers arriving
 * meanwhile wait for it here instead of each going through Astro. Should Astro
 * answer without reaching the middleware, the end of the response ends the
 * announcement, so nobody waits for a render that never comes.
 */
function handOverLead(lead: Lead, res: ServerResponse): void {
  const context = requestContext.getStore();
  if (!context) return lead.finish(null);
  leads.set(context, lead);
  res.once('close', () => lead.finish(null));
}

/** The render this request announced on the fast path for `storeKey` (with the versions it read), taken once. */
export function takeOverLead(storeKey: string): Lead | null {
  const context = requestContext.getStore();
  const lead = context ? leads.get(context) : undefined;
  if (!context || !lead || lead.storeKey !== storeKey) return null;
  leads.delete(context);
  return lead;
}

/** Answers a cached read; resolves false when Astro must render instead. */
export async function serveFromCache(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return false;
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const search = queryAt === -1 ? '' : rawUrl.slice(queryAt);
  // The same normalisation Astro applies (dot segments, percent-encoding), so keys agree.
  const pathname = new URL(queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt), 'http://cache.invalid').pathname;
  const key = canonicalKey(pathname, search);
  const identity = readIdentity(req.headers.cookie);
  if (isReaderRead(method, pathname, search, identity)) {
    try {
      return await serveReaderPage(req, res, key, identity);
    } catch {
      return false;
    }
  }
  if (!isAnonymousRead(method, pathname, search, identity)) return false;
  const storeKey = anonymousKey(key);
  try {
    const state = await getApp().readContentVersion();
    let page = pages.get(storeKey, state, Date.now());
    if (!page && method === 'GET') {
      const turn = pages.joinOrLead(storeKey, state);
      if (turn.lead) {
        // This request renders the page: Astro's page cache middleware takes the announcement over.
        handOverLead({ storeKey, state, finish: turn.lead }, res);
        return false;
      }
      page = await turn.join;
    }
    if (page?.kind !== 'page') return false;
    const answer = await answerPage(storeKey, page, {
      acceptEncoding: req.headers['accept-encoding'] ?? null,
      ifNoneMatch: req.headers['if-none-match'] ?? null,
      head: method === 'HEAD',
    });
    return send(res, answer);
  } catch {
    return false; // let Astro answer (503 when the database is down)
  }
}
