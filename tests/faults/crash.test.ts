// kill -9 during a write load, start again: every write answered 303 is there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../helpers/db.ts';
import { createTestSite, postForm, startServer, type TestSite } from '../helpers/server.ts';

describe.each(dbTargets)('a crash under write load on %s', (target) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite(target);
  });
  afterAll(() => site?.cleanup());

  it('keeps every acknowledged write', async () => {
    const server = await startServer(site, { RATE_LIMIT_FACTOR: '1000' });
    const acknowledged: string[] = [];
    let stop = false;
    let sent = 0;
    const worker = async (w: number) => {
      for (let i = 0; !stop && i < 10_000; i++) {
        const email = `crash-${w}-${i}@example.test`;
        sent++;
        try {
          const res = await postForm(server.url, '/signup?_action=auth.signUp', {
            name: `Writer ${w}-${i}`,
            email,
            password: 'crash test password',
          });
          if (res.status === 303) acknowledged.push(email);
        } catch {
          return; // the server died mid-request
        }
      }
    };
    const workers = Promise.all([0, 1, 2, 3].map(worker));
    await new Promise((r) => setTimeout(r, 2500));
    const exited = new Promise((r) => server.process.once('exit', r));
    server.process.kill('SIGKILL');
    await exited;
    stop = true;
    await workers;
    expect(acknowledged.length).toBeGreaterThan(10);

    // Starting again works at once (a stale PGlite lock is taken over) and nothing acknowledged is lost.
    const again = await startServer(site);
    await again.stop();
    const db = site.openDb();
    try {
      const stored = new Set(
        (await db.selectFrom('users').select('email').where('email', 'like', 'crash-%').execute()).map((r) => r.email),
      );
      const missing = acknowledged.filter((email) => !stored.has(email));
      expect(missing).toEqual([]);
      console.log(`[crash ${target}] sent ${sent}, acknowledged ${acknowledged.length}, stored ${stored.size}`);
    } finally {
      await db.destroy();
    }
  }, 90_000);
});
