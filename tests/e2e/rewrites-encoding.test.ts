// Pages answered through a rewrite (the 404 and 403 pages) pass through the
// middleware twice; their bodies must still arrive whole and decodable for
// every kind of reader and every encoding, never compressed twice or read as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/lib/auth/users.ts';
import { createPost } from '../../src/lib/posts/service.ts';
import {
  cookieFrom,
  postForm,
  startSampleSite,
  stopSampleSite,
  type RunningServer,
  type TestSite,
} from '../helpers/site.ts';

const PASSWORD = 'rewrites pw pw';

describe('pages answered by a rewrite', () => {
  let site: TestSite;
  let server: RunningServer;
  const who: Record<string, string> = { anonymous: '', visitor: 'wishcast_visitor=' + 'v'.repeat(32) };

  beforeAll(async () => {
    ({ site, server } = await startSampleSite('pglite', {
      seed: async (db) => {
        await createAccount(db, { name: 'Rea Der', email: 'reader@example.test', password: PASSWORD });
        await createAccount(db, { name: 'Auth Or', email: 'author@example.test', password: PASSWORD }, 'author');
        await createPost(db, {
          title: 'Unfinished',
          slug: 'unfinished',
          bodyMd: 'Not yet.',
          excerpt: null,
          tags: [],
          status: 'draft',
          publishedAt: null,
          authorId: null,
        });
      },
    }));
    for (const name of ['reader', 'author']) {
      who[name] = cookieFrom(
        await postForm(server.url, '/login?_action=auth.logIn', { email: `${name}@example.test`, password: PASSWORD }),
      );
    }
  });
  afterAll(() => stopSampleSite(site, server));

  const cases: [string, string, number, RegExp][] = [
    ['a draft post', '/posts/unfinished', 404, /<h1>/],
    ['a missing post', '/posts/no-such-post', 404, /<h1>/],
    ['a missing page', '/no-such-page', 404, /<h1>/],
  ];
  for (const [what, path, status, text] of cases) {
    for (const encoding of ['br', 'gzip', 'identity']) {
      it(`sends ${what} whole in ${encoding} to readers, visitors and anonymous readers, twice over`, async () => {
        for (const [name, cookie] of Object.entries(who).filter(([n]) => n !== 'author')) {
          for (let round = 0; round < 2; round++) {
            const res = await fetch(server.url + path, { headers: { cookie, 'accept-encoding': encoding } });
            expect(res.status, `${name} round ${round}`).toBe(status);
            expect(res.headers.get('content-encoding') ?? 'identity').toBe(encoding);
            expect(await res.text(), `${name} round ${round}`).toMatch(text); // throws on a corrupt body
          }
        }
      });
    }
  }

  it('sends the 403 page whole to a reader at /admin, in brotli', async () => {
    const res = await fetch(`${server.url}/admin`, { headers: { cookie: who.reader!, 'accept-encoding': 'br' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/<h1>/);
  });
});
