// RSS 2.0 feed of granted wishes with their thank-you notes, most recently granted first.
import type { APIRoute } from 'astro';
import { getApp } from '../../server/app.ts';
import { rssResponse } from '../../server/feeds.ts';
import { listGrantedFeedItems } from '../../lib/wishes/board/feeds.ts';
import { readSiteName } from '../../lib/settings/settings.ts';

export const GET: APIRoute = async () => {
  const { db, config } = getApp();
  return rssResponse({
    title: `Granted wishes · ${await readSiteName(db)}`,
    description: 'Wishes that came true on the wish board, with thank-you notes.',
    site: `${config.siteUrl}/wishes/granted`,
    items: await listGrantedFeedItems(db, config.siteUrl),
  });
};
