// RFC 8058 one-click unsubscribe, answered before Astro. Mail providers POST
// `List-Unsubscribe=One-Click` to the List-Unsubscribe link with no Origin (or
// their own), which Astro's origin check rightly refuses. Instead of presenting
// any request to Astro as same-origin, this module takes exactly one request
// shape out of Astro's hands: a POST to `/unsubscribe?token=…` whose query has
// nothing but the token and whose body is that one pair. Every other request,
// to this path or any other, meets the origin check (an Action named in the
// query, a page's own form). The person's own button on the page posts to
// `/unsubscribe?token=…&confirm=1`, a same-origin form that Astro checks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { unsubscribe } from '../../lib/mail/unsubscribe.ts';
import { getApp, holdAppOpen } from '../app.ts';
import { getLogger } from '../log.ts';
import { EDGE_CSP } from './security-headers.ts';

/** A one-click body is 26 bytes; multipart wrapping adds a few hundred at most. */
const MAX_BODY_BYTES = 2048;

/** Whether the request line is the one-click shape (the body is checked when read). */
export function isOneClickRequest(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = new URL(req.url ?? '/', 'http://site.invalid');
  if (url.pathname !== '/unsubscribe') return false;
  const keys = [...url.searchParams.keys()];
  return keys.length === 1 && keys[0] === 'token';
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The body says exactly `List-Unsubscribe=One-Click`, in either encoding RFC 8058 allows. */
async function isOneClickBody(contentType: string | undefined, body: Buffer): Promise<boolean> {
  const type = (contentType ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return false;
  // The platform's form parser reads both encodings; nothing here parses by hand.
  const form = await new Request('http://site.invalid/', {
    method: 'POST',
    headers: { 'content-type': contentType! },
    body: new Uint8Array(body),
  })
    .formData()
    .catch(() => null);
  if (!form) return false;
  const entries = [...form.entries()];
  return entries.length === 1 && entries[0]![0] === 'List-Unsubscribe' && entries[0]![1] === 'One-Click';
}

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': EDGE_CSP,
  });
  res.end(`${text}\n`);
}

/** Answers a request of the one-click shape: the token is what authorises the change. */
export function answerOneClick(req: IncomingMessage, res: ServerResponse): void {
  const token = new URL(req.url ?? '/', 'http://site.invalid').searchParams.get('token') ?? '';
  const work = (async () => {
    const body = await readBody(req);
    if (!body) return answer(res, 413, 'Request too large.');
    if (!(await isOneClickBody(req.headers['content-type'], body))) {
      return answer(res, 403, 'Only a one-click unsubscribe (List-Unsubscribe=One-Click) is taken here.');
    }
    const { db, now } = getApp();
    if (!(await unsubscribe(db, token, now()))) return answer(res, 400, 'This unsubscribe link is not valid.');
    answer(res, 200, 'Unsubscribed.');
  })();
  holdAppOpen(work).catch((error: unknown) => {
    getLogger().error({ err: error }, 'one-click unsubscribe failed');
    if (!res.headersSent) answer(res, 503, 'Please try again in a moment.');
  });
}
