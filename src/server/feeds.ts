// The HTTP answer of every feed route; the document comes from src/lib/feeds.
import { buildRss, type FeedChannel } from '../lib/feeds/rss.ts';

export async function rssResponse(channel: FeedChannel): Promise<Response> {
  return new Response(await buildRss(channel), {
    headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
  });
}
