// The edge tells what it does: one JSON line per request (method, path, route,
// status, duration, cache), a request id shared with the response and with
// error lines, and the settings in force at start-up with secrets masked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineFor, logLines } from '../helpers/request-log.ts';
import { startSampleSite, stopSampleSite, type RunningServer, type TestSite } from '../helpers/site.ts';

describe('request logs', () => {
  let site: TestSite;
  let server: RunningServer;

  beforeAll(async () => {
    ({ site, server } = await startSampleSite('pglite', { env: { LOG_LEVEL: 'info' } }));
  });
  afterAll(() => stopSampleSite(site, server));

  it('logs the settings in force at start-up', () => {
    const settings = logLines(server.output()).find((l) => l.msg === 'settings in force')?.settings;
    expect(settings).toMatchObject({ siteTimezone: 'UTC', wishDay: 'wednesday', logLevel: 'info' });
  });

  it('writes one line per request, naming the rendered route and then the cache hit', async () => {
    // Uncompressed, so the length sent is the length read (fetch would ask for brotli and decode it).
    const plain = { headers: { 'accept-encoding': 'identity' } };
    const first = await fetch(`${server.url}/posts/welcome-to-wishcast?utm=1`, plain);
    const firstBody = await first.text();
    const second = await fetch(`${server.url}/posts/welcome-to-wishcast?utm=1`, plain);
    await second.text();
    const [a, b] = [first.headers.get('x-request-id')!, second.headers.get('x-request-id')!];
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).not.toBe(a);
    const rendered = await lineFor(server, a);
    expect(rendered).toMatchObject({
      method: 'GET',
      path: '/posts/welcome-to-wishcast',
      route: '/posts/[slug]',
      status: 200,
      cache: 'miss',
    });
    expect(rendered.ms).toBeGreaterThanOrEqual(0);
    expect(await lineFor(server, b)).toMatchObject({ status: 200, cache: 'hit' });
    // Answered by the fast path, which sends the kept page whole with its length (Astro would stream it).
    expect(second.headers.get('content-length')).toBe(String(Buffer.byteLength(firstBody)));
    expect(second.headers.get('transfer-encoding')).toBeNull();
    expect(logLines(server.output()).filter((l) => l.reqId === a && l.status !== undefined)).toHaveLength(1);
  });

  it("keeps a proxy's request id, and refuses to echo a malformed one", async () => {
    const kept = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'edge-42.abc' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-42.abc');
    expect(await lineFor(server, 'edge-42.abc')).toMatchObject({ path: '/healthz', status: 200 });
    const odd = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'a b"<script>' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs refused bodies too', async () => {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: 'x='.padEnd(200_000, 'a'),
    });
    expect(res.status).toBe(413);
    expect(await lineFor(server, res.headers.get('x-request-id')!)).toMatchObject({ method: 'POST', status: 413 });
  });
});
