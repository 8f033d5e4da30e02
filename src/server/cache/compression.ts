// Brotli and gzip as the client accepts. A cached page is compressed once per
// version and encoding (page-store.ts keeps the result beside it); a response
// that is not cached is compressed as it streams out.
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

/** Sent with every page: what it is chosen by. */
export const VARY = 'Cookie, Accept-Encoding';

/** A shared page: any cache may keep it, but must ask again before using it. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

// Quality 5 / level 6: within a few percent of the best sizes at a fraction of
// a millisecond for a 100 KB page (brotli's default, 11, takes half a second).
// A 256 KB window (not brotli's 4 MB) covers a whole page and keeps each compressor's memory small.
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 } };
const BROTLI_STREAM = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 } };
const GZIP = { level: 6 };

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The encoding to answer with: the client's preferred of brotli and gzip (brotli on a tie), else none. */
export function chooseEncoding(acceptEncoding: string | null | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const q: Record<string, number> = {};
  for (const item of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = item.trim().split(';');
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const value = weight === undefined ? 1 : Number(weight);
    if (name) q[name.trim()] = Number.isFinite(value) ? value : 0;
  }
  const of = (name: 'br' | 'gzip') => q[name] ?? (name === 'gzip' ? q['x-gzip'] : undefined) ?? q['*'] ?? 0;
  const br = of('br');
  const gz = of('gzip');
  if (br > 0 && br >= gz) return 'br';
  return gz > 0 ? 'gzip' : 'identity';
}

/** Compresses a whole body off the main thread (zlib's thread pool). */
export function compressBody(body: Uint8Array, encoding: 'br' | 'gzip'): Promise<Buffer> {
  return encoding === 'br' ? brotli(body, BROTLI) : gzip(body, GZIP);
}

export function isCompressible(contentType: string | null): boolean {
  return contentType !== null && /^(text\/|application\/(?:[\w.+-]*\+)?(?:xml|json|javascript))/i.test(contentType);
}

/** Adds Accept-Encoding to a response's Vary header (keeping what is there). */
function varyOnEncoding(headers: Headers): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', 'Accept-Encoding');
  else if (!/accept-encoding/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
}

/** A response that is not cached, compressed as it streams when the client accepts it and it is worth it. */
export function compressStreaming(request: Request, response: Response): Response {
  if (!response.body || request.method === 'HEAD' || response.headers.has('content-encoding')) return response;
  if (response.status < 200 || response.status === 204 || (response.status >= 300 && response.status < 400)) {
    return response;
  }
  if (!isCompressible(response.headers.get('content-type'))) return response;
  const headers = new Headers(response.headers);
  varyOnEncoding(headers);
  const encoding = chooseEncoding(request.headers.get('accept-encoding'));
  if (encoding === 'identity') return new Response(response.body, { status: response.status, headers });
  const compressor = encoding === 'br' ? zlib.createBrotliCompress(BROTLI_STREAM) : zlib.createGzip(GZIP);
  const source = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  source.on('error', (error) => compressor.destroy(error));
  const body = Readable.toWeb(source.pipe(compressor)) as ReadableStream<Uint8Array>;
  headers.set('content-encoding', encoding);
  headers.delete('content-length');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
