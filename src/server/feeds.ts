// The HTTP answer of every feed route: RSS documents come from src/lib/feeds
// (the one writer of RSS), Atom and JSON Feed from src/lib/posts/feed-formats.ts.
import { buildRss, type FeedChannel } from '../lib/feeds/rss.ts';
import { FEED_FORMATS, listChannelItems, renderFeed, type FeedFormat } from '../lib/posts/feed-formats.ts';
import { absoluteUrl } from '../lib/posts/feed.ts';
import { findTag } from '../lib/posts/tags.ts';
import { getSettings } from '../lib/settings/settings.ts';
import { getApp } from './app.ts';

export async function rssResponse(channel: FeedChannel): Promise<Response> {
  return new Response(await buildRss(channel), {
    headers: { 'content-type': `${FEED_FORMATS.rss.type}; charset=utf-8` },
  });
}

/** The site's posts feed (`tagSlug` null) or a tag's, in any format; a tag with no visible post answers 404. */
export async function answerPostsFeed(format: FeedFormat, tagSlug: string | null): Promise<Response> {
  const { db, now, config } = getApp();
  const at = now();
  const [settings, tag] = await Promise.all([
    getSettings(db),
    tagSlug === null ? Promise.resolve(null) : findTag(db, tagSlug, at),
  ]);
  if (tagSlug !== null && !tag) {
    return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  }
  const entries = await listChannelItems(db, { now: at, siteUrl: config.siteUrl, tagSlug: tag?.slug });
  const channel = {
    title: tag ? `${settings.siteName}: posts tagged ${tag.name}` : settings.siteName,
    description: tag ? `Posts at ${settings.siteName} tagged “${tag.name}”.` : settings.tagline,
    listing: tag ? `/tags/${tag.slug}` : '',
    siteUrl: config.siteUrl,
  };
  if (format === 'rss') {
    return rssResponse({
      title: channel.title,
      description: channel.description,
      site: absoluteUrl(config.siteUrl, channel.listing || '/'),
      items: entries.map((e) => e.item),
    });
  }
  return new Response(renderFeed(format, channel, entries), {
    headers: { 'content-type': `${FEED_FORMATS[format].type}; charset=utf-8` },
  });
}
