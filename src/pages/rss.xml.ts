// RSS 2.0 feed of the newest posts, with their full (sanitised) HTML.
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getApp } from '../server/app.ts';
import { absoluteUrl, listFeedItems } from '../lib/posts/feed.ts';

export const GET: APIRoute = async () => {
  const { db, now, config } = getApp();
  const items = await listFeedItems(db, { now: now(), siteUrl: config.siteUrl });
  const response = await rss({
    title: 'Wishcast',
    description: 'A community blog with a weekly wish board: share a wish, offer support.',
    site: absoluteUrl(config.siteUrl, '/'),
    items,
    customData: '<language>en</language>',
  });
  response.headers.set('content-type', 'application/rss+xml; charset=utf-8');
  return response;
};
