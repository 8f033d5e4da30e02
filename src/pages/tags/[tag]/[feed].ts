// A tag's posts as RSS, Atom or JSON Feed: /tags/<tag>/rss.xml, atom.xml, feed.json.
import type { APIRoute } from 'astro';
import { feedFormatOf } from '../../../lib/posts/feed-formats.ts';
import { answerPostsFeed } from '../../../server/feeds.ts';

export const GET: APIRoute = ({ params }) => {
  const format = feedFormatOf(params.feed ?? '');
  if (!format) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  return answerPostsFeed(format, params.tag ?? '');
};
