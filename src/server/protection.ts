// Request limits and response headers that protect every route. The
// Content-Security-Policy itself comes from Astro (security.csp in astro.config.mjs).
import { defineMiddleware } from 'astro:middleware';
import { isDatabaseUnavailable } from '../lib/db.ts';
import { bodyLimitFor } from './http/limits.ts';
import { CROSS_SITE_MESSAGE, isCrossSiteSubmission } from './http/origin-check.ts';
import { securityHeaders } from './http/security-headers.ts';
import { currentLogger, noteRequest } from './log.ts';

const UNAVAILABLE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Back soon · Wishcast</title></head><body><main><h1>Back in a moment</h1><p>Wishcast cannot reach its database right now. Nothing you saved is lost; please try again in a few seconds.</p></main></body></html>`;

function plain(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
}

export const protect = defineMiddleware(async (context, next) => {
  const { request } = context;
  const crossSite = isCrossSiteSubmission({
    method: request.method,
    contentType: request.headers.get('content-type'),
    origin: request.headers.get('origin'),
    addressedTo: context.url.origin,
  });
  if (crossSite) return plain(403, `${CROSS_SITE_MESSAGE}\n`);
  const limit = bodyLimitFor(context.url.pathname);
  const length = Number(context.request.headers.get('content-length') ?? '0');
  if (Number.isFinite(length) && length > limit) {
    return plain(413, `Request too large: the limit is ${limit / 1024} KB.\n`, { connection: 'close' });
  }
  noteRequest({ route: context.routePattern });
  let response: Response;
  try {
    response = await next();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) {
      currentLogger().error({ err: error }, 'request failed');
      throw error;
    }
    currentLogger().warn({ err: error }, 'database unavailable: answered 503');
    response = new Response(UNAVAILABLE_HTML, {
      status: 503,
      headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' },
    });
  }
  // The unread rest of a refused body must not be taken for the next request.
  if (response.status === 413) response.headers.set('connection', 'close');
  for (const [name, value] of Object.entries(securityHeaders())) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  return response;
});
