// The site's newest approved comments on every visible post, as RSS 2.0 (where
// old "/comments/feed/" addresses lead).
import type { APIRoute } from 'astro';
import { getApp } from '../server/app.ts';
import { rssResponse } from '../server/feeds.ts';
import { listSiteFeedComments } from '../lib/comments/thread.ts';
import { toCommentFeedItem } from '../lib/comments/feed.ts';
import { absoluteUrl } from '../lib/posts/feed.ts';
import { getSettings } from '../lib/settings/settings.ts';

export const GET: APIRoute = async () => {
  const { db, now, config } = getApp();
  const [comments, settings] = await Promise.all([listSiteFeedComments(db, now()), getSettings(db)]);
  return rssResponse({
    title: `Comments on ${settings.siteName}`,
    description: `The newest comments at ${settings.siteName}`,
    site: absoluteUrl(config.siteUrl, '/'),
    items: comments.map((c) =>
      toCommentFeedItem(c, { title: c.post.title, url: absoluteUrl(config.siteUrl, `/posts/${c.post.slug}`) }),
    ),
  });
};
