// The page cache for anonymous readers: ETag/304 and Cache-Control a CDN can
// use, never a stale page after a write, scheduled posts appearing on time,
// and personal pages never cached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPost } from '../../src/lib/posts/service.ts';
import { dbTargets } from '../helpers/db.ts';
import { requestLines } from '../helpers/request-log.ts';
import { startSampleSite, stopSampleSite } from '../helpers/site.ts';
import { cookieFrom, postForm, type RunningServer, type TestSite } from '../helpers/server.ts';
import { createConfirmedAccount } from '../helpers/fixtures.ts';

describe.each(dbTargets)('the page cache on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let reader = '';
  let secondReader = '';
  const PAGE = '/posts/ask-what-you-can-do-first';

  beforeAll(async () => {
    ({ site, server } = await startSampleSite(target, {
      // Request lines tell which request rendered a page (cache "miss") and which were answered from it.
      env: { LOG_LEVEL: 'info' },
      seed: async (db) => {
        await createConfirmedAccount(db, { name: 'Rita', email: 'rita@example.test', password: 'page cache pw' });
        await createConfirmedAccount(db, { name: 'Sam', email: 'sam@example.test', password: 'page cache pw' });
        // Due a few seconds after the server starts: it must appear without any write.
        await createPost(db, {
          title: 'Appears by itself',
          slug: 'appears-by-itself',
          bodyMd: 'Scheduled.',
          excerpt: null,
          tags: [],
          status: 'scheduled',
          publishedAt: new Date(Date.now() + 8_000),
          authorId: null,
        });
      },
    }));
    reader = cookieFrom(
      await postForm(server.url, '/login?_action=auth.logIn', {
        email: 'rita@example.test',
        password: 'page cache pw',
      }),
    );
    secondReader = cookieFrom(
      await postForm(server.url, '/login?_action=auth.logIn', { email: 'sam@example.test', password: 'page cache pw' }),
    );
  });
  afterAll(() => stopSampleSite(site, server));

  it('answers anonymous readers with an ETag, public revalidation and 304', async () => {
    const first = await fetch(server.url + PAGE);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(first.headers.get('vary')).toBe('Cookie, Accept-Encoding');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(server.url + PAGE, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('shows a new comment on the very next request', async () => {
    const before = await fetch(server.url + PAGE);
    const etag = before.headers.get('etag')!;
    expect(await before.text()).not.toContain('Fresh from the oven');
    const posted = await postForm(
      server.url,
      `${PAGE}?_action=comments.create`,
      { post_id: '1', body: 'Fresh from the oven' },
      { cookie: reader },
    );
    expect(posted.status).toBe(303);
    const after = await fetch(server.url + PAGE, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Fresh from the oven');
  });

  it('renders a changed page once, however many readers ask for it at the same moment', async () => {
    // Sixteen readers at once, each with its own request id (kept from the request, as from a proxy),
    // on connections already open, as a busy site's readers are.
    const askAtOnce = (ids: string[]) =>
      Promise.all(ids.map(async (id) => (await fetch(server.url + PAGE, { headers: { 'x-request-id': id } })).text()));
    const ids = (round: string) => Array.from({ length: 16 }, (_, i) => `flight-${target}-${round}-${i}`);
    await askAtOnce(ids('warm'));
    const posted = await postForm(
      server.url,
      `${PAGE}?_action=comments.create`,
      { post_id: '1', body: 'Asked for by many at once' },
      // Another reader: Rita has just commented, and a second comment so soon would be held back.
      { cookie: secondReader },
    );
    expect(posted.status).toBe(303);
    const bodies = await askAtOnce(ids('after'));
    for (const body of bodies) expect(body).toContain('Asked for by many at once');
    const lines = await requestLines(server, ids('after'));
    expect(lines.filter((line) => line.cache === 'miss')).toHaveLength(1);
    expect(lines.filter((line) => line.cache === 'hit')).toHaveLength(15);
  });

  it('lets many readers wait for a page that is never kept (a 404), and answers them all', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 12 }, async () => (await fetch(server.url + '/posts/no-such-post-here')).status),
    );
    expect(statuses).toEqual(Array(12).fill(404));
  });

  it('never caches pages for signed-in people or visitors with held items', async () => {
    const signedIn = await fetch(server.url + PAGE, { headers: { cookie: reader } });
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
    expect(signedIn.headers.get('etag')).toBeNull();
    expect(await signedIn.text()).toContain('Rita');
    const visitor = await fetch(server.url + PAGE, { headers: { cookie: 'wishcast_visitor=' + 'v'.repeat(32) } });
    expect(visitor.headers.get('cache-control')).toBe('private, no-store');
  });

  it('lets a scheduled post appear at its time though the home page was cached', async () => {
    const early = await (await fetch(server.url + '/')).text();
    expect(early).not.toContain('Appears by itself');
    const deadline = Date.now() + 30_000;
    let seen = false;
    while (!seen && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      seen = (await (await fetch(server.url + '/')).text()).includes('Appears by itself');
    }
    expect(seen).toBe(true);
  });
});
