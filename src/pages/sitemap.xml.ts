import type { APIRoute } from 'astro';
import { getApp } from '../server/app.ts';
import { buildSitemapXml, listSitemapEntries } from '../lib/posts/feed.ts';

export const GET: APIRoute = async () => {
  const { db, now, config } = getApp();
  const entries = await listSitemapEntries(db, { now: now(), timeZone: config.siteTimezone });
  return new Response(buildSitemapXml(entries, config.siteUrl), {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
};
