// Issue 11, fair limits behind proxies, on the built server: the address limits
// count comes from the socket, and from X-Forwarded-For only through the proxies
// TRUSTED_PROXIES names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePost } from '../helpers/fixtures.ts';
import { createTestSite, startServer, type RunningServer, type TestSite } from '../helpers/server.ts';

describe('the client address behind proxies', () => {
  let site: TestSite;
  let server: RunningServer | null = null;
  let slug = '';
  let postId = 0;

  beforeAll(async () => {
    site = await createTestSite('pglite');
    const db = site.openDb();
    try {
      const post = await makePost(db, { title: 'Proxies', publishedAt: new Date(Date.now() - 3_600_000) });
      slug = post.slug;
      postId = post.id;
    } finally {
      await db.destroy();
    }
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  async function serveWith(trustedProxies: string | null) {
    await server?.stop();
    server = await startServer(site, trustedProxies === null ? {} : { TRUSTED_PROXIES: trustedProxies });
  }
  /** A new visitor (no cookie) comments, claiming to come through these hops. */
  async function visitorComments(forwardedFor: string): Promise<number> {
    const res = await fetch(`${server!.url}/posts/${slug}?_action=comments.create`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: server!.url,
        'x-forwarded-for': forwardedFor,
      },
      body: new URLSearchParams({ post_id: String(postId), body: 'Hello', name: 'V', email: 'v@example.org' }),
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('ignores X-Forwarded-For when TRUSTED_PROXIES is unset', async () => {
    await serveWith(null);
    expect(await visitorComments('198.51.100.1')).toBe(303);
    // Another "address" in the header, the same socket: the same visitor limit.
    expect(await visitorComments('198.51.100.2')).toBe(429);
  });

  it('takes the hop the trusted proxy saw, and never a spoofed leftmost entry', async () => {
    await serveWith('1');
    expect(await visitorComments('198.51.100.11')).toBe(303);
    expect(await visitorComments('198.51.100.12')).toBe(303);
    expect(await visitorComments('6.6.6.6, 198.51.100.13')).toBe(303);
    expect(await visitorComments('7.7.7.7, 198.51.100.13')).toBe(429);
  });

  it('walks a list of trusted proxies and stops at the first hop not on it', async () => {
    await serveWith('127.0.0.1, 203.0.113.5');
    expect(await visitorComments('198.51.100.21, 203.0.113.5')).toBe(303);
    expect(await visitorComments('198.51.100.22, 203.0.113.5')).toBe(303);
    expect(await visitorComments('198.51.100.23, 203.0.113.6')).toBe(303);
    expect(await visitorComments('198.51.100.24, 203.0.113.6')).toBe(429);

    await server!.stop(); // PGlite: free the data directory to read what was counted
    const db = site.openDb();
    try {
      const rows = await db
        .selectFrom('rate_limit_hits')
        .select('bucket')
        .where('bucket', 'like', 'post:ip:%')
        .execute();
      expect(new Set(rows.map((r) => r.bucket.slice('post:ip:'.length)))).toEqual(
        new Set([
          '127.0.0.1',
          '198.51.100.11',
          '198.51.100.12',
          '198.51.100.13',
          '198.51.100.21',
          '198.51.100.22',
          '203.0.113.6',
        ]),
      );
    } finally {
      await db.destroy();
    }
  });
});
