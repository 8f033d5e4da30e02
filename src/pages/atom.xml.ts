// The site's posts as Atom 1.0 (src/lib/posts/feed-formats.ts).
import type { APIRoute } from 'astro';
import { answerPostsFeed } from '../server/feeds.ts';

export const GET: APIRoute = () => answerPostsFeed('atom', null);
