// The site's posts as JSON Feed 1.1 (src/lib/posts/feed-formats.ts).
import type { APIRoute } from 'astro';
import { answerPostsFeed } from '../server/feeds.ts';

export const GET: APIRoute = () => answerPostsFeed('json', null);
