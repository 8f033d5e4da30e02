// Share cards at the edge: GET /og/<kind>/<subject>.png. The card is found or
// drawn by src/lib/cards (kept in the database, so every process shares one
// drawing); its fingerprint is the ETag. An address whose `v` is the current
// fingerprint never changes and is kept for good; any other is revalidated.
import { findShareCard, isCardKind } from '../lib/cards/cards.ts';
import { getApp } from './app.ts';

const FOREVER = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';

export async function answerShareCardRequest(request: Request, kind: string, subject: string): Promise<Response> {
  if (!isCardKind(kind) || subject.length > 40) return notFound();
  const app = getApp();
  const card = await findShareCard(app.db, kind, subject, app.now());
  if (!card) return notFound();
  const etag = `"${card.fingerprint}"`;
  const version = new URL(request.url).searchParams.get('v');
  const headers = {
    'cache-control': version === card.fingerprint ? FOREVER : REVALIDATE,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'",
    etag,
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(card.png), {
    headers: { ...headers, 'content-type': 'image/png', 'content-length': String(card.png.length) },
  });
}

function notFound(): Response {
  return new Response('Not found.\n', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
