// Addresses a moved-in blog's readers and feed readers still use, recognised
// from the request line alone. Feed readers never re-subscribe by hand, so
// WordPress's and Blogger's feed addresses answer 301 to the matching feed
// here; WordPress's default links ("/?p=123") need a look-up (legacy.ts). The
// page cache asks `isOldAddress` before anything else, because its keys drop
// the query parameters a page does not read: without that, "/?p=123" and
// "/?feed=rss2" would be answered as the cached home page.

/** This site's feeds, by what they carry. */
export const FEEDS = { posts: '/rss.xml', atom: '/atom.xml', json: '/feed.json', comments: '/comments.xml' } as const;

/** Old feed paths, compared without a trailing slash and in lower case. */
const FEED_PATHS: Record<string, string> = {
  '/feed': FEEDS.posts,
  '/feed/rss': FEEDS.posts,
  '/feed/rss2': FEEDS.posts,
  '/feed/atom': FEEDS.atom,
  '/feed/rdf': FEEDS.posts,
  '/rss': FEEDS.posts,
  '/feeds/posts/default': FEEDS.atom,
  '/feeds/posts/full': FEEDS.atom,
  '/feeds/posts/summary': FEEDS.atom,
  '/comments/feed': FEEDS.comments,
  '/comments/feed/atom': FEEDS.comments,
  '/feeds/comments/default': FEEDS.comments,
  '/feeds/comments/full': FEEDS.comments,
};

/** WordPress's `?feed=` values on the home page. */
const FEED_QUERY: Record<string, string> = {
  rss: FEEDS.posts,
  rss2: FEEDS.posts,
  atom: FEEDS.atom,
  rdf: FEEDS.posts,
  'comments-rss2': FEEDS.comments,
  'comments-atom': FEEDS.comments,
};

function decodedPath(pathname: string): string {
  let path = pathname;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    // an undecodable path is no old feed address
  }
  return path.toLowerCase().replace(/\/+$/, '') || '/';
}

/** Blogger's `?alt=` picks the format of its posts feed (Atom when absent). */
const BLOGGER_ALT: Record<string, string> = { rss: FEEDS.posts, atom: FEEDS.atom, json: FEEDS.json };

/** Where an old feed address lives here, or null when the request is no old feed address. */
export function feedAddressFor(pathname: string, search: string): string | null {
  const byPath = FEED_PATHS[decodedPath(pathname)];
  if (byPath === FEEDS.atom && search.length > 1) {
    return BLOGGER_ALT[new URLSearchParams(search).get('alt')?.toLowerCase() ?? 'atom'] ?? byPath;
  }
  if (byPath) return byPath;
  if (search.length <= 1 || !['/', '/index.php'].includes(decodedPath(pathname))) return null;
  const feed = new URLSearchParams(search).get('feed');
  return feed === null ? null : (FEED_QUERY[feed.toLowerCase()] ?? null);
}

/** Whether the query names a WordPress post or page by id ("?p=123", "?page_id=2"). */
export function isQueryLink(search: string): boolean {
  if (search.length <= 1) return false;
  const params = new URLSearchParams(search);
  return ['p', 'page_id'].some((name) => /^\d+$/.test(params.get(name) ?? ''));
}

/** An address whose answer may be a redirect decided from its query: never answered from the page cache. */
export function isOldAddress(pathname: string, search: string): boolean {
  return feedAddressFor(pathname, search) !== null || isQueryLink(search);
}
