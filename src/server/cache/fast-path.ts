// Answers cached reads straight from node:http, before Astro's pipeline: the
// server entry (entry.ts) exports it and scripts/serve.ts calls it first.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getApp } from '../app.ts';
import { readIdentity, type Identity } from '../cookies.ts';
import { matchesEtag } from './page-store.ts';
import { fillSkeleton } from './personal-slots.ts';
import { anonymousPages, isAnonymousRead, isReaderRead, readerPages } from './rules.ts';

/** Answers a signed-in reader from a kept skeleton with their own slots filled in; false when Astro must render. */
async function serveReaderPage(
  req: IncomingMessage,
  res: ServerResponse,
  key: string,
  identity: Identity,
): Promise<boolean> {
  const page = readerPages.get(key);
  if (!page || !identity.sessionId) return false;
  const { auth, readContentVersion } = getApp();
  const [{ version }, { session, user }] = await Promise.all([
    readContentVersion(),
    auth.validateSession(identity.sessionId),
  ]);
  if (!session || !user || user.role !== 'reader' || page.except.has(user.id)) return false;
  if (page.version !== version || page.expiresAt <= Date.now()) return false;
  const body = Buffer.from(fillSkeleton(page.skeleton, user));
  const headers: [string, string][] = [...page.headers, ['content-length', String(body.byteLength)]];
  // Lucia extended the session: the cookie goes with it, as Astro would have sent it.
  if (session.fresh) headers.push(['set-cookie', auth.createSessionCookie(session.id).serialize()]);
  // Flat [name, value, …]: the only list form writeHead merges with headers already set (x-request-id).
  res.writeHead(200, headers.flat());
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
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
  const identity = readIdentity(req.headers.cookie);
  if (isReaderRead(method, pathname, search, identity)) {
    try {
      return await serveReaderPage(req, res, pathname + search, identity);
    } catch {
      return false;
    }
  }
  if (!isAnonymousRead(method, pathname, search, identity)) return false;
  let version: number;
  try {
    version = (await getApp().readContentVersion()).version;
  } catch {
    return false; // let Astro answer (503 when the database is down)
  }
  const page = anonymousPages.get(pathname + search, version, Date.now());
  if (!page) return false;
  const notModified = matchesEtag(req.headers['if-none-match'] ?? null, page.etag);
  res.writeHead(
    notModified ? 304 : page.status,
    page.headers.concat([['content-length', String(notModified ? 0 : page.body.byteLength)]]).flat(),
  );
  res.end(notModified || method === 'HEAD' ? undefined : page.body);
  return true;
}
