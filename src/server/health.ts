// Health answers for load balancers and orchestrators:
// /livez   the process answers (no database touched: a database outage must not get every process restarted);
// /readyz  the database answers and every migration this build knows is applied (send traffic here);
// /healthz the database answers (kept for existing monitors).
import { pendingMigrations } from '../../db/migrator.ts';
import { isDatabaseUp } from '../lib/db.ts';
import { getApp } from './app.ts';

function plain(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export async function answerHealthCheck(): Promise<Response> {
  const up = await isDatabaseUp(getApp().db);
  return plain(up ? 200 : 503, up ? 'ok\n' : 'database unavailable\n');
}

export function answerLivenessCheck(): Response {
  return plain(200, 'alive\n');
}

export async function answerReadinessCheck(): Promise<Response> {
  const { db } = getApp();
  if (!(await isDatabaseUp(db))) return plain(503, 'database unavailable\n');
  const pending = await pendingMigrations(db);
  if (pending.length > 0) return plain(503, `migrations not applied: ${pending.length} (run npm run db:migrate)\n`);
  return plain(200, 'ready\n');
}
