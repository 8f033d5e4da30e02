import type { APIRoute } from 'astro';
import { getApp } from '../server/app.ts';
import { isDatabaseUp } from '../lib/db.ts';

export const GET: APIRoute = async () => {
  const up = await isDatabaseUp(getApp().db);
  return new Response(up ? 'ok\n' : 'database unavailable\n', {
    status: up ? 200 : 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
};
