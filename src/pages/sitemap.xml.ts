import type { APIRoute } from 'astro';
import { getApp } from '../server/app.ts';
import { buildSitemapXml, listSitemapEntries } from '../lib/posts/feed.ts';
import { listPageSitemapEntries } from '../lib/pages/service.ts';

export const GET: APIRoute = async () => {
  const { db, now, config } = getApp();
  const [entries, pages] = await Promise.all([
    listSitemapEntries(db, { now: now(), timeZone: config.siteTimezone }),
    listPageSitemapEntries(db),
  ]);
  return new Response(buildSitemapXml([...entries, ...pages], config.siteUrl), {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
};
