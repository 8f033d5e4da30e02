// GET /metrics (src/pages/metrics.ts): the registry of metrics.ts in Prometheus's
// text format, plus what is read when scraped: the mail outbox's backlog (shared
// by every process, so each reports the same) and this process's database pool.
// Open to a scraper on this machine (a loopback peer, not forwarded by a proxy)
// or to one that sends `Authorization: Bearer $METRICS_TOKEN`; anyone else gets
// a 404, as if there were nothing here. Never cached (no-store).
import { createHash, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { Gauge } from 'prom-client';
import { poolUseOf } from '../lib/db.ts';
import { outboxBacklog } from '../lib/mail/outbox-repo.ts';
import { getApp } from './app.ts';
import { clientAddressOf } from './client-address.ts';
import { getLogger } from './log.ts';
import { registry } from './metrics.ts';

/** One read of the outbox per scrape, for both of its gauges (prom-client collects them at once). */
let backlogRead: { at: number; read: ReturnType<typeof readBacklog> } | null = null;
function readBacklog() {
  return outboxBacklog(getApp().db).catch((error: unknown) => {
    getLogger().warn({ err: error }, 'metrics: the outbox could not be read');
    return null;
  });
}
function backlog() {
  if (!backlogRead || Date.now() - backlogRead.at > 500) backlogRead = { at: Date.now(), read: readBacklog() };
  return backlogRead.read;
}

// Read when scraped; a database that does not answer leaves the last values (the scrape still answers).
new Gauge({
  name: 'wishcast_mail_outbox_depth',
  help: 'Mail waiting in the outbox: queued, or claimed and being sent',
  labelNames: ['status'] as const,
  registers: [registry],
  async collect() {
    const rows = await backlog();
    for (const status of ['queued', 'sending'] as const) {
      if (rows) this.set({ status }, rows.find((b) => b.status === status)?.count ?? 0);
    }
  },
});
new Gauge({
  name: 'wishcast_mail_outbox_oldest_age_seconds',
  help: 'How long the longest-waiting mail has been due (0 when none is)',
  registers: [registry],
  async collect() {
    const rows = await backlog();
    if (!rows) return;
    const now = getApp().now().getTime();
    this.set(Math.max(0, (now - Math.min(now, ...rows.map((b) => b.dueSince.getTime()))) / 1000));
  },
});
// PGlite has no pool: these stay absent there.
new Gauge({
  name: 'wishcast_db_pool_connections',
  help: 'PostgreSQL pool of this process: connections open (total), idle, requests waiting for one, and the maximum',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    const use = poolUseOf(getApp().db);
    if (!use) return;
    for (const state of ['total', 'idle', 'waiting', 'max'] as const) this.set({ state }, use[state]);
  },
});

function isLoopback(address: string | null): boolean {
  return address !== null && ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

/** Compared as hashes of equal length, in constant time: the answer's timing tells nothing of the token. */
function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Whether this request may read the metrics: from this machine and not through a proxy, or with the token. */
function mayScrape(context: { request: Request; clientAddress: string }): boolean {
  const { headers } = context.request;
  const token = getApp().config.metricsToken;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
  if (token && bearer) return sameToken(bearer, token);
  // A proxy on this machine connects from loopback too: a forwarded request is never "local".
  const forwarded = headers.has('x-forwarded-for') || headers.has('forwarded');
  return !forwarded && isLoopback(clientAddressOf(context));
}

const NOT_FOUND = () =>
  new Response('Not found\n', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });

/** GET /metrics: Prometheus's text format, never cached; a 404 to anyone not allowed (nothing to discover). */
export async function answerMetrics(context: { request: Request; clientAddress: string }): Promise<Response> {
  if (!mayScrape(context)) return NOT_FOUND();
  let body: string;
  try {
    body = await registry.metrics();
  } catch (error) {
    getLogger().error({ err: error }, 'metrics could not be collected');
    return new Response('metrics unavailable\n', { status: 503, headers: { 'cache-control': 'no-store' } });
  }
  return new Response(body, {
    status: 200,
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}
