// Old WordPress and Blogger links answer 301 to where imported things live now
// (src/lib/import/legacy.ts looks them up; nothing is guessed). Old feed
// addresses and WordPress's "/?p=123" are decided from the request line first
// (they would otherwise show the home page; the page cache never answers them,
// see isOldAddress); every other old path only once the site has nothing there (404).
import { defineMiddleware } from 'astro:middleware';
import { findLegacyRedirect } from '../lib/import/legacy.ts';
import { feedAddressFor, isQueryLink } from '../lib/import/old-addresses.ts';
import { getApp } from './app.ts';

function moved(location: string): Response {
  return new Response(null, { status: 301, headers: { location } });
}

async function lookup(url: URL): Promise<Response | null> {
  const { db, now } = getApp();
  const target = await findLegacyRedirect(db, url.pathname, url.search, now());
  return target ? moved(target) : null;
}

export const legacyRedirects = defineMiddleware(async (context, next) => {
  const { request, url } = context;
  if (request.method !== 'GET' && request.method !== 'HEAD') return next();
  const feed = feedAddressFor(url.pathname, url.search);
  if (feed) return moved(feed);
  if (isQueryLink(url.search)) {
    const found = await lookup(url);
    if (found) return found;
  }
  const response = await next();
  if (response.status !== 404) return response;
  return (await lookup(url)) ?? response;
});
