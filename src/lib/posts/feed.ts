// The RSS feed's items and the sitemap: absolute links from the configured site URL.
import { XMLBuilder } from 'fast-xml-parser';
import type { Db } from '../db.ts';
import type { FeedItem } from '../feeds/rss.ts';
import { textToHtml } from '../markdown/markdown.ts';
import { listArchiveMonths, monthPath } from './archive.ts';
import { listRecentPosts } from './view.ts';
import { toPost } from './map.ts';
import { type Post } from './model.ts';
import { countVisiblePostsByTag, listVisibleSlugs, selectPostDetail } from './repo.ts';
import { visibleToReaders } from './visibility.ts';

/** What a feed is made of, for the domains that go through this door (the fediverse's Articles). */
export type { Post };
/** How many posts the blog shows, for the fediverse's counters. */
export { countVisiblePosts } from './repo.ts';

export const FEED_SIZE = 20;

/** An absolute URL for a site path, keeping any path SITE_URL has. */
export function absoluteUrl(siteUrl: string, path: string): string {
  return `${siteUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * Site-relative links and images in a post ("/posts/x") made absolute, since a
 * feed reader has no page to resolve them against. Works on sanitize-html's
 * output, whose attributes are always double-quoted.
 */
export function absolutizeLinks(html: string, siteUrl: string): string {
  const root = absoluteUrl(siteUrl, '/');
  return (
    html
      .replace(/(<(?:a|img)\s[^>]*?\b(?:href|src)=")(\/(?!\/))/g, (_m, before: string) => `${before}${root}`)
      // Uploaded images' srcset lists (<picture> sources and their <img>): every candidate.
      .replace(/(<(?:img|source)\s[^>]*?\bsrcset=")([^"]*)"/g, (_m, before: string, list: string) => {
        const absolute = list.replace(/(^|,\s*)\/(?!\/)/g, (_c, separator: string) => `${separator}${root}`);
        return `${before}${absolute}"`;
      })
  );
}

/** A post as a feed item (its title and tags are escaped by src/lib/feeds). */
export function toFeedItem(post: Post, siteUrl: string): FeedItem {
  return {
    title: post.title,
    link: absoluteUrl(siteUrl, `/posts/${post.slug}`),
    pubDate: post.publishedAt ?? post.updatedAt,
    // RSS descriptions are HTML to a reader: the plain-text excerpt is escaped as such.
    description: textToHtml(post.excerpt),
    // Already sanitised when the post was saved (src/lib/markdown, post policy).
    content: absolutizeLinks(post.bodyHtml, siteUrl),
    categories: post.tags.map((t) => t.name),
  };
}

export async function listFeedItems(db: Db, options: { now: Date; siteUrl: string }): Promise<FeedItem[]> {
  const posts = await listRecentPosts(db, options.now, FEED_SIZE);
  return posts.map((post) => toFeedItem(post, options.siteUrl));
}

/** Visible posts with their full HTML, newest first, from `offset`: the fediverse outbox's pages. */
export async function listVisiblePostsFrom(
  db: Db,
  now: Date,
  page: { offset: number; limit: number },
): Promise<Post[]> {
  const rows = await selectPostDetail(db)
    .where(visibleToReaders(now))
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toPost);
}

/** Posts that became visible after `since` (published or come due), oldest first: the fediverse announces them. */
export async function listPostsVisibleSince(db: Db, now: Date, since: Date, limit = 50): Promise<Post[]> {
  const rows = await selectPostDetail(db)
    .where(visibleToReaders(now))
    .where('posts.published_at', '>', since)
    .orderBy('posts.published_at')
    .orderBy('posts.id')
    .limit(limit)
    .execute();
  return rows.map(toPost);
}

/** A visible post by its id (which, unlike its slug, never changes): the fediverse's address for it. */
export async function findVisiblePostById(db: Db, id: number, now: Date): Promise<Post | null> {
  const row = await selectPostDetail(db).where('posts.id', '=', id).where(visibleToReaders(now)).executeTakeFirst();
  return row ? toPost(row) : null;
}

interface SitemapEntry {
  path: string;
  lastmod: Date | null;
}

/** Every public listing and post a crawler should know about. */
export async function listSitemapEntries(db: Db, options: { now: Date; timeZone: string }): Promise<SitemapEntry[]> {
  const [posts, tags, months] = await Promise.all([
    listVisibleSlugs(db, options.now),
    countVisiblePostsByTag(db, options.now),
    listArchiveMonths(db, options),
  ]);
  const newest = posts.reduce<Date | null>((max, p) => (!max || p.updated_at > max ? p.updated_at : max), null);
  return [
    { path: '/', lastmod: newest },
    { path: '/archive', lastmod: newest },
    { path: '/tags', lastmod: newest },
    ...posts.map((p) => ({ path: `/posts/${p.slug}`, lastmod: p.updated_at })),
    ...tags.map((t) => ({ path: `/tags/${t.slug}`, lastmod: t.updated_at })),
    ...months.map((m) => ({ path: monthPath(m.year, m.month), lastmod: m.updatedAt })),
  ];
}

/** sitemaps.org XML; the builder escapes every value. */
export function buildSitemapXml(entries: SitemapEntry[], siteUrl: string): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    urlset: {
      '@_xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9',
      url: entries.map((e) => ({
        loc: absoluteUrl(siteUrl, e.path),
        ...(e.lastmod ? { lastmod: e.lastmod.toISOString() } : {}),
      })),
    },
  });
}

export function buildRobotsTxt(siteUrl: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /admin',
    '',
    `Sitemap: ${absoluteUrl(siteUrl, '/sitemap.xml')}`,
    '',
  ].join('\n');
}
