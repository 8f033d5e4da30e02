// RSS 2.0 feed of the newest posts, with their full (sanitised) HTML.
import type { APIRoute } from 'astro';
import { getApp } from '../server/app.ts';
import { rssResponse } from '../server/feeds.ts';
import { absoluteUrl, listFeedItems } from '../lib/posts/feed.ts';
import { getSettings } from '../lib/settings/settings.ts';

export const GET: APIRoute = async () => {
  const { db, now, config } = getApp();
  const [items, settings] = await Promise.all([
    listFeedItems(db, { now: now(), siteUrl: config.siteUrl }),
    getSettings(db),
  ]);
  return rssResponse({
    title: settings.siteName,
    description: settings.tagline,
    site: absoluteUrl(config.siteUrl, '/'),
    items,
  });
};
