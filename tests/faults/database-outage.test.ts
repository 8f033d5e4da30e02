// With PostgreSQL cut off for 10 seconds: 503 quickly, the process stays up,
// and it serves normally again within 5 seconds of the connection coming back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../helpers/db.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { createTestSite, startServer, type RunningServer, type TestSite } from '../helpers/server.ts';

const hasPostgres = dbTargets.includes('postgres');
if (!hasPostgres) console.warn('[faults] TEST_DATABASE_URL not set: the database outage test is SKIPPED.');

describe.skipIf(!hasPostgres)('a PostgreSQL outage', () => {
  let site: TestSite;
  let proxy: TcpProxy;
  let server: RunningServer;

  beforeAll(async () => {
    site = await createTestSite('postgres');
    const direct = new URL(site.env.DATABASE_URL!);
    proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432));
    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    server = await startServer(site, { DATABASE_URL: viaProxy.href });
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await site?.cleanup();
  });

  /** A fetch whose failure says what the server said and whether it is still running. */
  const ask = (path: string, init?: RequestInit) =>
    fetch(server.url + path, init).catch((error: unknown) => {
      throw new Error(
        `${path}: ${String(error)} (server exit code ${server.process.exitCode}); its last output:\n` +
          server.output().slice(-3000),
        { cause: error },
      );
    });

  it('answers 503 fast during the outage and recovers without a restart', async () => {
    expect((await ask('/')).status).toBe(200);

    proxy.cut();
    const outageEnds = Date.now() + 10_000;
    const during: { path: string; status: number; ms: number }[] = [];
    while (Date.now() < outageEnds - 500) {
      for (const path of ['/healthz', '/', '/posts/anything']) {
        const started = Date.now();
        const res = await ask(path, { signal: AbortSignal.timeout(8000) });
        during.push({ path, status: res.status, ms: Date.now() - started });
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(during.length).toBeGreaterThan(5);
    for (const sample of during) {
      expect(sample.status, sample.path).toBe(503);
      expect(sample.ms, sample.path).toBeLessThan(3000);
    }
    expect(server.process.exitCode).toBeNull();

    proxy.restore();
    const restoredAt = Date.now();
    let recoveredAfter = Infinity;
    while (Date.now() - restoredAt < 5000) {
      const [health, home] = await Promise.all([ask('/healthz'), ask('/')]);
      if (health.status === 200 && home.status === 200) {
        recoveredAfter = Date.now() - restoredAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(recoveredAfter).toBeLessThan(5000);
  }, 40_000);
});
