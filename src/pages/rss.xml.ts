// The site's posts as RSS 2.0, with their full (sanitised) HTML (src/server/feeds.ts).
import type { APIRoute } from 'astro';
import { answerPostsFeed } from '../server/feeds.ts';

export const GET: APIRoute = () => answerPostsFeed('rss', null);
