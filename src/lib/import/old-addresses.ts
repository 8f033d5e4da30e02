// Addresses a moved-in blog's readers and feed readers still use, recognised
// from the request line alone. Feed readers never re-subscribe by hand, so
// WordPress's and Blogger's feed addresses answer 301 to the matching feed
// here; WordPress's default links ("/?p=123") need a look-up (legacy.ts). The
// page cache asks `isOldAddress` before anything else, because its keys drop
// the query parameters a page does not read: without that, "/?p=123" and
// "/?feed=rss2" would be answered as the cached home page. Archive, label,
// tag, category and author addresses ("/2007/03/", "/search/label/x") are
// decided here too (archiveAddressFor), and are never cached either.
import { slugify } from '../posts/slug.ts';

/** This site's feeds, by what they carry. */
const FEEDS = { posts: '/rss.xml', atom: '/atom.xml', json: '/feed.json', comments: '/comments.xml' } as const;

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

/** Whether the query names a WordPress attachment page by id ("?attachment_id=12"): a look-up like "?p=". */
export function isAttachmentQuery(search: string): boolean {
  return search.length > 1 && /^\d+$/.test(new URLSearchParams(search).get('attachment_id') ?? '');
}

/** A tag's name in an old address as the slug of its tag here ("Night%20Trains" → "night-trains"). */
function tagSlugOf(raw: string): string {
  let name = raw;
  try {
    name = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // kept as written
  }
  return slugify(name);
}

const isYear = (y: string) => Number(y) >= 1990 && Number(y) <= 2100;
const isMonth = (m: string) => Number(m) >= 1 && Number(m) <= 12;
const month = (y: string, m: string) => `/archive/${y}/${m.padStart(2, '0')}`;

/**
 * Where an old archive, label, tag, category or author address lives here, or
 * null: decided from the request line alone, the same answer whatever the site
 * holds. Blogger: "/2007/03/", "/2007_03_01_archive.html", "/search/label/X"
 * (and its feed "/feeds/posts/default/-/X"); WordPress: "/2007/", "/2007/03/",
 * "/2007/03/15/", "?m=200703", "/tag/x/", "?tag=x", "/category/a/b/" (the
 * deepest), "/author/name/", and the feeds of tags and categories. An imported
 * tag's own old addresses (legacy_paths) are looked up first by the caller:
 * the import knows the slug it gave each one.
 */
export function archiveAddressFor(pathname: string, search: string): string | null {
  const path = decodedPath(pathname);
  const params = search.length > 1 ? new URLSearchParams(search) : null;
  let m: RegExpExecArray | null;
  if ((m = /^\/(\d{4})_(\d{2})_\d{2}_archive\.html$/.exec(path)) && isYear(m[1]!) && isMonth(m[2]!))
    return month(m[1]!, m[2]!);
  if ((m = /^\/(\d{4})\/(\d{2})(?:\/(\d{2}))?(?:\/page\/\d+)?$/.exec(path)) && isYear(m[1]!) && isMonth(m[2]!))
    return month(m[1]!, m[2]!);
  if ((m = /^\/(\d{4})(?:\/page\/\d+)?$/.exec(path)) && isYear(m[1]!)) return '/archive';
  if ((m = /^\/search\/label\/([^/]+)$/.exec(pathname.replace(/\/+$/, '')))) {
    const slug = tagSlugOf(m[1]!);
    return slug ? `/tags/${slug}` : null;
  }
  if ((m = /^\/feeds\/posts\/(?:default|full|summary)\/-\/([^/]+)$/.exec(pathname.replace(/\/+$/, '')))) {
    const slug = tagSlugOf(m[1]!);
    const alt = params?.get('alt')?.toLowerCase();
    const file = alt === 'rss' ? 'rss.xml' : alt === 'json' ? 'feed.json' : 'atom.xml';
    return slug ? `/tags/${slug}/${file}` : null;
  }
  if (
    (m = /^\/(?:tag|category)\/(?:[^/]+\/)*?([^/]+?)(\/feed(?:\/(?:rss2?|atom|rdf))?)?(?:\/page\/\d+)?$/.exec(path))
  ) {
    if (m[1] === 'feed' || m[1] === 'page') return null;
    const slug = tagSlugOf(m[1]!);
    if (!slug) return null;
    return m[2] ? `/tags/${slug}/${m[2].endsWith('atom') ? 'atom.xml' : 'rss.xml'}` : `/tags/${slug}`;
  }
  if ((m = /^\/author\/([^/]+)(?:\/feed(?:\/[a-z0-9]+)?|\/page\/\d+)?$/.exec(path))) {
    const handle = tagSlugOf(m[1]!);
    return handle ? `/people/${handle}` : null;
  }
  if (params && ['/', '/index.php'].includes(path)) {
    const date = params.get('m');
    if (date && (m = /^(\d{4})(\d{2})?(\d{2})?$/.exec(date)) && isYear(m[1]!)) {
      return m[2] && isMonth(m[2]) ? month(m[1]!, m[2]) : '/archive';
    }
    const tag = params.get('tag');
    if (tag) {
      const slug = tagSlugOf(tag.split(/[,+ ]/)[0]!);
      return slug ? `/tags/${slug}` : null;
    }
  }
  return null;
}

/** An address whose answer may be a redirect decided from its request line: never answered from the page cache. */
export function isOldAddress(pathname: string, search: string): boolean {
  return (
    feedAddressFor(pathname, search) !== null ||
    isQueryLink(search) ||
    isAttachmentQuery(search) ||
    archiveAddressFor(pathname, search) !== null
  );
}
