// /healthz: 200 when the app and its database answer, 503 otherwise.
import { isDatabaseUp } from '../lib/db.ts';
import { getApp } from './app.ts';

export async function answerHealthCheck(): Promise<Response> {
  const up = await isDatabaseUp(getApp().db);
  return new Response(up ? 'ok\n' : 'database unavailable\n', {
    status: up ? 200 : 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
