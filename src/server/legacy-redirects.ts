// Old WordPress and Blogger links answer 301 to where imported things live now
// (src/lib/import/legacy.ts looks them up; nothing is guessed). WordPress's
// "/?p=123" would otherwise show the home page, so query-style links are looked
// up first; every other old path only once the site has nothing there (404).
import { defineMiddleware } from 'astro:middleware';
import { findLegacyRedirect } from '../lib/import/legacy.ts';
import { getApp } from './app.ts';

const QUERY_LINK = /(?:^|[?&])(?:p|page_id)=\d+(?:&|$)/;

async function lookup(url: URL): Promise<Response | null> {
  const { db, now } = getApp();
  const target = await findLegacyRedirect(db, url.pathname, url.search, now());
  return target ? new Response(null, { status: 301, headers: { location: target } }) : null;
}

export const legacyRedirects = defineMiddleware(async (context, next) => {
  const { request, url } = context;
  if (request.method !== 'GET' && request.method !== 'HEAD') return next();
  if (QUERY_LINK.test(url.search)) {
    const moved = await lookup(url);
    if (moved) return moved;
  }
  const response = await next();
  if (response.status !== 404) return response;
  return (await lookup(url)) ?? response;
});
