// Uploaded images at the edge: the process's storage (the filesystem under
// MEDIA_DIR, or an S3-compatible bucket with MEDIA_STORE=s3) and the answer to
// GET /media/<key>, served through the app whichever the store.
import { isMediaKey, type MediaStorage } from '../lib/media/storage.ts';
import { mediaStorageFor } from '../lib/media/store-for.ts';
import { findMediaAddress } from '../lib/media/view.ts';
import { getApp } from './app.ts';

let storage: MediaStorage | null = null;

export function getMediaStorage(): MediaStorage {
  storage ??= mediaStorageFor(getApp().config);
  return storage;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Answers GET /media/<key>: a stored file with its own type, cached for a year
 * (its key is its hash, so its bytes never change), never sniffed. Anything
 * that is not a key (a path, `..`, another extension) is a 404 without
 * touching the disk. `/media/<id>`, the address posts use, redirects to the
 * upload's largest fallback file.
 */
export async function answerMediaRequest(request: Request, key: string): Promise<Response> {
  const id = /^[1-9]\d{0,9}$/.test(key) ? Number(key) : null;
  if (id !== null && id <= 2_147_483_647) {
    const address = await findMediaAddress(getApp().db, id);
    if (address)
      return new Response(null, { status: 302, headers: { location: address, 'cache-control': 'no-cache' } });
    return notFound();
  }
  if (!isMediaKey(key)) return notFound();
  const etag = `"${key.split('.')[0]}"`;
  const headers = {
    'cache-control': IMMUTABLE,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'",
    etag,
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const object = await getMediaStorage().get(key);
  if (!object) return notFound();
  const body = request.method === 'HEAD' ? (await object.body.cancel(), null) : object.body;
  return new Response(body, {
    headers: { ...headers, 'content-type': object.contentType, 'content-length': String(object.size) },
  });
}

function notFound(): Response {
  return new Response('Not found.\n', {
    status: 404,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
