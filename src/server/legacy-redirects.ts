// Old WordPress and Blogger links answer 301 to where imported things live now
// (src/lib/import/legacy.ts looks them up; nothing is guessed). Old feed
// addresses and WordPress's "/?p=123" are decided from the request line first
// (they would otherwise show the home page; the page cache never answers them,
// see isOldAddress), and so are archive, label, tag, category and author
// addresses (archiveAddressFor); every other old path only once the site has
// nothing there (404).
import { defineMiddleware } from 'astro:middleware';
import { findImportedUpload } from '../lib/import/images/copy.ts';
import { findLegacyRedirect } from '../lib/import/legacy.ts';
import { archiveAddressFor, feedAddressFor, isAttachmentQuery, isQueryLink } from '../lib/import/old-addresses.ts';
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
  if (isQueryLink(url.search) || isAttachmentQuery(url.search)) {
    const found = await lookup(url);
    if (found) return found;
  }
  const archive = archiveAddressFor(url.pathname, url.search);
  // An imported tag's own old address knows the slug it was given; other archive addresses are read.
  if (archive) {
    const { db, now } = getApp();
    const known = await findLegacyRedirect(db, url.pathname, url.search, now());
    // A tag's feed ("/tag/x/feed/") is looked up as the tag: its feed is the same file under the tag found.
    const feedFile = /^\/tags\/[^/]+(\/[^/]+)$/.exec(archive)?.[1] ?? '';
    return moved(known ? (known.startsWith('/tags/') ? known + feedFile : known) : archive);
  }
  const response = await next();
  if (response.status !== 404) return response;
  const found = await lookup(url);
  if (found) return found;
  // An old upload address ("/wp-content/uploads/…") whose image the import copied.
  const upload = await findImportedUpload(getApp().db, url.pathname);
  return upload ? moved(upload) : response;
});
