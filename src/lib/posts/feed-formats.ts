// The posts feeds in every format feed readers ask for: RSS 2.0 (@astrojs/rss,
// in the routes), Atom 1.0 and JSON Feed 1.1 (the `feed` library, which escapes
// every value; nothing here writes XML or JSON by hand). The site's feeds live
// at /rss.xml, /atom.xml and /feed.json; a tag's at /tags/<tag>/rss.xml and so on.
import { Feed } from 'feed';
import type { Db } from '../db.ts';
import { absoluteUrl, FEED_SIZE, toFeedItem } from './feed.ts';
import { listRecentPosts } from './view.ts';

export const FEED_FORMATS = {
  rss: { file: 'rss.xml', type: 'application/rss+xml', label: 'RSS' },
  atom: { file: 'atom.xml', type: 'application/atom+xml', label: 'Atom' },
  json: { file: 'feed.json', type: 'application/feed+json', label: 'JSON Feed' },
} as const;
export type FeedFormat = keyof typeof FEED_FORMATS;

/** The format a feed file name asks for ("atom.xml" → atom), or null. */
export function feedFormatOf(file: string): FeedFormat | null {
  const found = Object.entries(FEED_FORMATS).find(([, format]) => format.file === file);
  return found ? (found[0] as FeedFormat) : null;
}

/** Where a listing's feed in one format lives: "" is the site, "/tags/x" a tag. */
function feedPath(listing: string, format: FeedFormat): string {
  return `${listing}/${FEED_FORMATS[format].file}`;
}

/** A listing's feeds, one per format, for links on its pages. */
export function feedLinks(listing: string) {
  return (Object.keys(FEED_FORMATS) as FeedFormat[]).map((format) => ({
    href: feedPath(listing, format),
    type: FEED_FORMATS[format].type,
    label: FEED_FORMATS[format].label,
  }));
}

export interface FeedChannel {
  title: string;
  description: string;
  /** The listing's own path ("" for the site, "/tags/x"). */
  listing: string;
  siteUrl: string;
}

/** The posts of a listing, newest first, with absolute links (the same items as the RSS feed). */
export async function listChannelItems(db: Db, options: { now: Date; siteUrl: string; tagSlug?: string }) {
  const posts = await listRecentPosts(db, options.now, FEED_SIZE, options.tagSlug);
  return posts.map((post) => ({ post, item: toFeedItem(post, options.siteUrl) }));
}

/** Atom or JSON Feed text for a listing's posts. */
export function renderFeed(
  format: 'atom' | 'json',
  channel: FeedChannel,
  entries: Awaited<ReturnType<typeof listChannelItems>>,
): string {
  const home = absoluteUrl(channel.siteUrl, channel.listing || '/');
  const feed = new Feed({
    id: home,
    link: home,
    title: channel.title,
    description: channel.description,
    language: 'en',
    generator: false,
    updated: entries.reduce<Date | undefined>(
      (max, e) => (!max || e.post.updatedAt > max ? e.post.updatedAt : max),
      undefined,
    ),
    feedLinks: Object.fromEntries(
      Object.entries(FEED_FORMATS).map(([name, f]) => [
        name,
        absoluteUrl(channel.siteUrl, `${channel.listing}/${f.file}`),
      ]),
    ),
    copyright: '',
  });
  for (const { post, item } of entries) {
    feed.addItem({
      title: item.title,
      id: item.link,
      link: item.link,
      date: post.updatedAt,
      published: item.pubDate,
      // A summary is plain text in both formats (the library escapes it for Atom).
      description: post.excerpt,
      content: item.content,
      category: post.tags.map((tag) => ({
        name: tag.name,
        term: tag.name,
        domain: absoluteUrl(channel.siteUrl, `/tags/${tag.slug}`),
      })),
    });
  }
  return format === 'atom' ? feed.atom1() : feed.json1();
}
