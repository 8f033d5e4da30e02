// 500 comment posts at once from 50 accounts: every post answered 303 is stored
// exactly once, every refused one is not, and nothing answers 5xx.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importContentDir } from '../../src/lib/posts/import.ts';
import { dbTargets } from '../helpers/db.ts';
import {
  cookieFrom,
  createTestSite,
  postForm,
  startServer,
  type RunningServer,
  type TestSite,
} from '../helpers/server.ts';
import { createConfirmedAccount } from '../helpers/fixtures.ts';

const ACCOUNTS = 50;
const POSTS_EACH = 10;
const PASSWORD = 'concurrency test pw';

describe.each(dbTargets)('500 concurrent comment posts on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  const cookies: string[] = [];

  beforeAll(async () => {
    site = await createTestSite(target);
    const db = site.openDb();
    try {
      await importContentDir(db, resolve('content/posts'));
      for (let i = 0; i < ACCOUNTS; i++) {
        await createConfirmedAccount(db, { name: `Writer ${i}`, email: `writer${i}@example.test`, password: PASSWORD });
      }
    } finally {
      await db.destroy();
    }
    // Limits raised by config for the test: every account comes from 127.0.0.1,
    // whose ceiling for signed-in accounts becomes 250 posts a minute (30 × 8.34),
    // and each account may post 8 per 10 seconds; so half are accepted and half
    // refused with 429.
    server = await startServer(site, { RATE_LIMIT_FACTOR: '8.34' });
    for (let i = 0; i < ACCOUNTS; i++) {
      const res = await postForm(server.url, '/login?_action=auth.logIn', {
        email: `writer${i}@example.test`,
        password: PASSWORD,
      });
      cookies.push(cookieFrom(res));
    }
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  it('stores every acknowledged post exactly once and nothing refused', async () => {
    const attempts = cookies.flatMap((cookie, account) =>
      Array.from({ length: POSTS_EACH }, (_, n) => ({ cookie, token: `token-${account}-${n}` })),
    );
    const started = Date.now();
    const results = await Promise.all(
      attempts.map(async ({ cookie, token }) => {
        const res = await postForm(
          server.url,
          '/posts/ask-what-you-can-do-first?_action=comments.create',
          { post_id: '1', body: `Concurrent comment ${token}` },
          { cookie },
        );
        try {
          await res.arrayBuffer();
        } catch (error) {
          throw new Error(
            `reading the answer failed (status ${res.status}); server log:\n${server.output().slice(-3000)}`,
            {
              cause: error,
            },
          );
        }
        return { token, status: res.status };
      }),
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(results).toHaveLength(500);
    const serverErrors = results.filter((r) => r.status >= 500);
    expect(serverErrors).toEqual([]);
    const accepted = results.filter((r) => r.status === 303).map((r) => r.token);
    const refused = results.filter((r) => r.status !== 303).map((r) => r.token);
    // 250 fit in each minute: never more (the limit is atomic), and a slow run
    // may only let more in as the window slides.
    expect(accepted.length).toBeGreaterThanOrEqual(250);
    expect(accepted.length).toBeLessThanOrEqual(250 * (1 + Math.floor(elapsedSeconds / 60)));
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(results.filter((r) => r.status !== 303).map((r) => r.status))).toEqual(new Set([429]));

    await server.stop(); // PGlite: the data directory is free again once the server has stopped
    const db = site.openDb();
    try {
      const rows = await db
        .selectFrom('comments')
        .select('body_md')
        .where('body_md', 'like', 'Concurrent comment %')
        .execute();
      const stored = new Map<string, number>();
      for (const row of rows) {
        const token = row.body_md.replace('Concurrent comment ', '');
        stored.set(token, (stored.get(token) ?? 0) + 1);
      }
      expect(accepted.filter((t) => stored.get(t) !== 1)).toEqual([]);
      expect(refused.filter((t) => stored.has(t))).toEqual([]);
      expect(rows.length).toBe(accepted.length);
      console.log(
        `[concurrency ${target}] 500 posts: ${accepted.length} stored once, ${refused.length} refused, 0 5xx`,
      );
    } finally {
      await db.destroy();
    }
  }, 180_000);
});
