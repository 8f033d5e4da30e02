import type { APIRoute } from 'astro';
import { getApp } from '../server/app.ts';
import { buildSitemapXml, listSitemapEntries } from '../lib/posts/feed.ts';
import { currentBoardDate } from '../lib/schedule/week.ts';
import { listWishSitemapEntries } from '../lib/wishes/board/sitemap.ts';
import { listPageSitemapEntries } from '../lib/pages/service.ts';

export const GET: APIRoute = async () => {
  const { db, now, config } = getApp();
  const at = now();
  const [posts, wishes, pages] = await Promise.all([
    listSitemapEntries(db, { now: at, timeZone: config.siteTimezone }),
    listWishSitemapEntries(db, currentBoardDate(at, config.siteTimezone, config.wishWeekday, config.wishOpeningHour)),
    listPageSitemapEntries(db),
  ]);
  return new Response(buildSitemapXml([...posts, ...pages, ...wishes], config.siteUrl), {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
};
