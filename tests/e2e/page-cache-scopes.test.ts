// The page cache's guarantees against the built server: a write throws away
// only the pages that show it, and only when readers can see it; canonical
// keys; HEAD never fills; brotli/gzip made once per page with an ETag each;
// readers who wrote in a thread and the author served from a shared skeleton
// without ever seeing one another's controls.
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleSite, stopSampleSite, cookieFrom, postForm } from '../helpers/site.ts';
import type { RunningServer, TestSite } from '../helpers/server.ts';
import { createConfirmedAccount } from '../helpers/fixtures.ts';

const PASSWORD = 'cache scopes pw';
const A = '/posts/ask-what-you-can-do-first';
const B = '/posts/welcome-to-wishcast';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with node:http, so compressed bodies arrive as they were sent. */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** How the page cache answered a request, from the server's log line for it. */
async function cacheOf(server: RunningServer, res: Raw | Response): Promise<string> {
  const id = res instanceof Response ? res.headers.get('x-request-id') : (res.headers['x-request-id'] as string);
  for (let i = 0; i < 50; i++) {
    for (const line of server.output().split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { reqId?: string; status?: number; cache?: string };
      if (entry.reqId === id && entry.status !== undefined) return entry.cache!;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no log line for ${id}`);
}

describe('the page cache, by scope and encoding', () => {
  let site: TestSite;
  let server: RunningServer;
  const ids: Record<string, number> = {};
  const cookies: Record<string, string> = {};
  const get = (path: string, headers: Record<string, string> = {}) => raw(server.url + path, headers);

  beforeAll(async () => {
    ({ site, server } = await startSampleSite('pglite', {
      env: { LOG_LEVEL: 'info', RATE_LIMIT_FACTOR: '1000' },
      seed: async (db) => {
        for (const [name, role] of [
          ['Ann', 'reader'],
          ['Ben', 'reader'],
          ['Quinn', 'reader'],
          ['Alma', 'author'],
        ] as const) {
          await createConfirmedAccount(
            db,
            { name, email: `${name.toLowerCase()}@example.test`, password: PASSWORD },
            role,
          );
        }
        for (const row of await db.selectFrom('posts').select(['id', 'slug']).execute()) ids[row.slug] = row.id;
      },
    }));
    for (const name of ['ann', 'ben', 'quinn', 'alma']) {
      const login = await postForm(server.url, '/login?_action=auth.logIn', {
        email: `${name}@example.test`,
        password: PASSWORD,
      });
      cookies[name] = cookieFrom(login);
    }
  });
  afterAll(() => stopSampleSite(site, server));

  const comment = (path: string, body: string, cookie?: string, extra: Record<string, string> = {}) =>
    postForm(
      server.url,
      `${path}?_action=comments.create`,
      { post_id: String(ids[path.split('/').pop()!]), body, ...extra },
      cookie ? { cookie } : {},
    );

  it('throws away only the pages that show a change', async () => {
    // The board's first rendering opens it (a change): the second is the one kept.
    for (const path of [A, B, '/wishes', '/wishes', '/']) await get(path);
    expect(await cacheOf(server, await get(B))).toBe('hit');
    expect((await comment(A, 'Only the first post changes.', cookies.ann)).status).toBe(303);
    const a = await get(A);
    expect(await cacheOf(server, a)).toBe('miss');
    expect(a.body.toString()).toContain('Only the first post changes.');
    // Another post and the board were not touched; the home page shows comment counts.
    expect(await cacheOf(server, await get(B))).toBe('hit');
    expect(await cacheOf(server, await get('/wishes'))).toBe('hit');
    expect(await cacheOf(server, await get('/'))).toBe('miss');
  });

  it('keeps every page when nothing a reader sees changed (sign-up, log-out without a session, a bot, a held comment)', async () => {
    const before = await get(A);
    const etag = before.headers.etag as string;
    await postForm(server.url, '/signup?_action=auth.signUp', {
      name: 'New',
      email: 'new@example.test',
      password: PASSWORD,
    });
    await postForm(server.url, '/logout?_action=auth.logOut', {});
    await comment(A, 'Buy now', undefined, { name: 'Bot', email: 'bot@example.test', website_url_confirm: 'x' });
    const held = await comment(A, 'Held for now.', undefined, { name: 'Vi', email: 'vi@example.test' });
    expect(held.status).toBe(303);
    const after = await get(A, { 'if-none-match': etag });
    expect(after.status).toBe(304);
    expect(await cacheOf(server, after)).toBe('hit');
    // The held comment's writer sees it.
    const visitor = cookieFrom(held);
    expect(await (await fetch(server.url + A, { headers: { cookie: visitor } })).text()).toContain('Held for now.');
  });

  it('keys pages by the parameters they read: unknown ones share one entry', async () => {
    await get('/?utm_source=a');
    for (let i = 0; i < 20; i++) expect(await cacheOf(server, await get(`/?x=${i}`))).toBe('hit');
    expect(await cacheOf(server, await get(`/?x=1&page=2`))).toBe('miss');
  });

  it('keeps search results until something searchable changes, and shows a new post on the next search', async () => {
    const search = (q: string, extra = '') => get(`/search?q=${encodeURIComponent(q)}${extra}`);
    await search('zephyrine');
    const again = await search('zephyrine', '&utm_source=x');
    expect(await cacheOf(server, again)).toBe('hit');
    expect(again.body.toString()).toContain('Nothing found');
    // A comment is not searched: the results stay kept.
    expect((await comment(B, 'Nothing to search for here.', cookies.ann)).status).toBe(303);
    expect(await cacheOf(server, await search('zephyrine'))).toBe('hit');

    const published = await postForm(
      server.url,
      '/admin/posts/new?_action=posts.save',
      { title: 'The zephyrine kite', body: 'A kite we flew together.', intent: 'publish' },
      { cookie: cookies.alma },
    );
    expect(published.status).toBe(303);
    const after = await search('zephyrine');
    expect(await cacheOf(server, after)).toBe('miss');
    expect(after.body.toString()).toContain('<mark>zephyrine</mark>');
    // Other pages of the same search, and other searches, are entries of their own.
    expect(await cacheOf(server, await search('zephyrine', '&page=2'))).toBe('miss');
  });

  it('never fills the cache from HEAD, nor with an empty body', async () => {
    const head = await raw(server.url + '/rss.xml', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(await cacheOf(server, head)).not.toBe('miss');
    const feed = await get('/rss.xml');
    expect(await cacheOf(server, feed)).toBe('miss');
    expect(feed.body.byteLength).toBeGreaterThan(100);
    expect(Number(feed.headers['content-length'])).toBe(feed.body.byteLength);
  });

  it('sends brotli or gzip as accepted, made once per page, with an ETag per encoding', async () => {
    const plain = await get(A);
    const br = await get(A, { 'accept-encoding': 'gzip, deflate, br' });
    const gz = await get(A, { 'accept-encoding': 'gzip;q=1, br;q=0.5' });
    const none = await get(A, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 3);
    for (const res of [plain, br, gz]) expect(res.headers.vary).toBe('Cookie, Accept-Encoding');
    const tags = new Set([plain, br, gz].map((r) => r.headers.etag));
    expect(tags.size).toBe(3);
    // A tag matches its own encoding only.
    expect((await get(A, { 'accept-encoding': 'br', 'if-none-match': br.headers.etag as string })).status).toBe(304);
    expect((await get(A, { 'accept-encoding': 'gzip', 'if-none-match': br.headers.etag as string })).status).toBe(200);
    expect(await cacheOf(server, await get(A, { 'accept-encoding': 'br' }))).toBe('hit');
  });

  it('compresses pages that are not kept as they stream', async () => {
    const res = await get('/notifications', { cookie: cookies.quinn!, 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toContain('Quinn');
  });

  it("serves writers and the author from one rendering without showing anyone another's controls", async () => {
    const annSays = await comment(A, 'Ann writes here.', cookies.ann);
    const benSays = await comment(A, 'Ben writes here.', cookies.ben);
    const annId = /comment-(\d+)/.exec(annSays.headers.get('location')!)![1]!;
    const benId = /comment-(\d+)/.exec(benSays.headers.get('location')!)![1]!;
    const controls = (html: string, id: string) => html.includes(`/comments/${id}/delete`);
    const pageFor = async (who: string, encoding?: string) => {
      const res = await get(A, { cookie: cookies[who]!, ...(encoding ? { 'accept-encoding': encoding } : {}) });
      const body =
        encoding === 'gzip' ? gunzipSync(res.body) : encoding === 'br' ? brotliDecompressSync(res.body) : res.body;
      return { res, html: body.toString() };
    };
    const seen: Record<string, string[]> = {};
    // Rounds in changing orders: whoever comes first renders, the others are filled from the skeleton.
    for (const order of [
      ['ann', 'ben', 'alma', 'quinn'],
      ['quinn', 'alma', 'ben', 'ann'],
      ['ben', 'ann', 'quinn', 'alma'],
    ]) {
      for (const [i, who] of order.entries()) {
        const { res, html } = await pageFor(who, ['gzip', 'br', undefined][i % 3]);
        expect(res.status).toBe(200);
        expect(res.headers['cache-control']).toBe('private, no-store');
        expect(html).not.toContain('<!--wc:own');
        expect(html).not.toContain('wc:shared');
        expect(controls(html, annId)).toBe(who === 'ann');
        expect(controls(html, benId)).toBe(who === 'ben');
        // The author's tools, for the author alone.
        expect(html.includes('Close comments on this post')).toBe(who === 'alma');
        expect(html.includes('href="/admin"')).toBe(who === 'alma');
        const name = { ann: 'Ann', ben: 'Ben', alma: 'Alma', quinn: 'Quinn' }[who]!;
        expect(html).toContain(`Commenting as <strong><!--wc:name-->${name}<!--/wc:name--></strong>`);
        (seen[who] ??= []).push(await cacheOf(server, res));
      }
    }
    // After the first round every one of them was answered from the kept skeleton.
    for (const who of ['ann', 'ben', 'alma', 'quinn']) expect(seen[who]!.slice(1)).toEqual(['hit', 'hit']);
  });
});
