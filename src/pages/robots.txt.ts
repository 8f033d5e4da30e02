import type { APIRoute } from 'astro';
import { getApp } from '../server/app.ts';
import { buildRobotsTxt } from '../lib/posts/feed.ts';

export const GET: APIRoute = () =>
  new Response(buildRobotsTxt(getApp().config.siteUrl), {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
