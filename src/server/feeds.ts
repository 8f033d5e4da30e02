// Answers a posts feed, the site's or a tag's, in any format: the one place the
// routes share (RSS through @astrojs/rss, Atom and JSON Feed through the `feed` library).
import rss from '@astrojs/rss';
import { FEED_FORMATS, listChannelItems, renderFeed, type FeedFormat } from '../lib/posts/feed-formats.ts';
import { absoluteUrl } from '../lib/posts/feed.ts';
import { findTag } from '../lib/posts/tags.ts';
import { getSettings } from '../lib/settings/settings.ts';
import { getApp } from './app.ts';

/** `tagSlug` null: the site's feed; a tag that has no visible post answers 404. */
export async function answerPostsFeed(format: FeedFormat, tagSlug: string | null): Promise<Response> {
  const { db, now, config } = getApp();
  const at = now();
  const [settings, tag] = await Promise.all([
    getSettings(db),
    tagSlug === null ? Promise.resolve(null) : findTag(db, tagSlug, at),
  ]);
  if (tagSlug !== null && !tag)
    return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  const entries = await listChannelItems(db, { now: at, siteUrl: config.siteUrl, tagSlug: tag?.slug });
  const channel = {
    title: tag ? `${settings.siteName}: posts tagged ${tag.name}` : settings.siteName,
    description: tag ? `Posts at ${settings.siteName} tagged “${tag.name}”.` : settings.tagline,
    listing: tag ? `/tags/${tag.slug}` : '',
    siteUrl: config.siteUrl,
  };
  const type = `${FEED_FORMATS[format].type}; charset=utf-8`;
  if (format !== 'rss') {
    return new Response(renderFeed(format, channel, entries), { headers: { 'content-type': type } });
  }
  const response = await rss({
    title: channel.title,
    description: channel.description,
    site: absoluteUrl(config.siteUrl, channel.listing || '/'),
    items: entries.map((e) => e.item),
    customData: '<language>en</language>',
  });
  response.headers.set('content-type', type);
  return response;
}
