// Issue 28, metrics: /metrics answers in Prometheus's text format, counts requests
// by route pattern (never the path) with their latency, page cache hits, the
// outbox and job runs, is never cached, and opens only to this machine or to the
// bearer token. TRUSTED_PROXIES=loopback lets a request claim another client
// address through X-Forwarded-For, as a proxy in front would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePost } from '../helpers/fixtures.ts';
import { createTestSite, startServer, type RunningServer, type TestSite } from '../helpers/server.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

describe('/metrics', () => {
  let site: TestSite;
  let server: RunningServer;
  let slug = '';

  beforeAll(async () => {
    site = await createTestSite('pglite');
    const db = site.openDb();
    try {
      slug = (await makePost(db, { title: 'Counted', publishedAt: new Date(Date.now() - 3_600_000) })).slug;
    } finally {
      await db.destroy();
    }
    server = await startServer(site, { TRUSTED_PROXIES: 'loopback', METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  const scrape = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });

  it('counts requests by route pattern and status, with latency, cache hits, the outbox and job runs', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/posts/${slug}`)).status).toBe(200);
    expect((await fetch(`${server.url}/no-such-page-here`)).status).toBe(404);
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).toMatch(/^# HELP wishcast_http_requests_total /m);
    expect(text).toMatch(/^# TYPE wishcast_http_request_duration_seconds histogram$/m);
    // The post was rendered once and then answered from the page cache; never labelled by its path.
    expect(text).toMatch(/^wishcast_http_requests_total\{route="\/posts\/\[slug\]",method="GET",status="200"\} 1$/m);
    expect(text).toMatch(/^wishcast_http_requests_total\{route="\(page cache\)",method="GET",status="200"\} 2$/m);
    expect(text).toMatch(/^wishcast_page_cache_requests_total\{result="hit"\} 2$/m);
    expect(text).toMatch(/^wishcast_http_request_duration_seconds_bucket\{le="\+Inf",route="\/posts\/\[slug\]"/m);
    expect(text).toMatch(/^wishcast_http_requests_total\{route="[^"]*",method="GET",status="404"\} 1$/m);
    expect(text).not.toContain(slug);
    expect(text).not.toContain('no-such-page-here');
    expect(text).toMatch(/^wishcast_mail_outbox_depth\{status="queued"\} 0$/m);
    expect(text).toMatch(/^wishcast_mail_outbox_oldest_age_seconds 0$/m);
    expect(text).toMatch(/^wishcast_job_runs_total\{job="wish-board",outcome="ok"\} [1-9]/m);
    expect(text).not.toMatch(/^wishcast_db_pool_connections\{/m); // PGlite: no pool
    expect(text).toMatch(/^process_resident_memory_bytes /m);

    // Never cached: the next scrape counts the first one.
    const again = await (await scrape()).text();
    expect(again).toMatch(/^wishcast_http_requests_total\{route="\/metrics",method="GET",status="200"\} 1$/m);
  });

  it('is refused to a client elsewhere without the token, and opens to the token', async () => {
    const elsewhere = { 'x-forwarded-for': '198.51.100.7' };
    const refused = await scrape(elsewhere);
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('wishcast_');
    expect((await scrape({ ...elsewhere, authorization: 'Bearer not-the-token-0123456789' })).status).toBe(404);
    // A proxy on this machine forwarding for a loopback client is still a proxy: not local.
    expect((await scrape({ 'x-forwarded-for': '127.0.0.1' })).status).toBe(404);
    const allowed = await scrape({ ...elsewhere, authorization: `Bearer ${TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toMatch(
      /^wishcast_http_requests_total\{route="\/metrics",method="GET",status="404"\} 3$/m,
    );
  });
});
