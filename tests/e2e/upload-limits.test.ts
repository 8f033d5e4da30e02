// Only the signed-in author may send the large bodies an image upload needs:
// anyone else is refused from the Content-Length, before the body is read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/lib/auth/users.ts';
import {
  cookieFrom,
  postForm,
  startSampleSite,
  stopSampleSite,
  type RunningServer,
  type TestSite,
} from '../helpers/site.ts';

const PASSWORD = 'upload limits pw';

describe('large upload bodies', () => {
  let site: TestSite;
  let server: RunningServer;
  const cookie: Record<string, string> = {};

  beforeAll(async () => {
    ({ site, server } = await startSampleSite('pglite', {
      seed: async (db) => {
        await createAccount(db, { name: 'Auth Or', email: 'author@example.test', password: PASSWORD }, 'author');
        await createAccount(db, { name: 'Rea Der', email: 'reader@example.test', password: PASSWORD });
      },
    }));
    for (const who of ['author', 'reader']) {
      const res = await postForm(server.url, '/login?_action=auth.logIn', {
        email: `${who}@example.test`,
        password: PASSWORD,
      });
      cookie[who] = cookieFrom(res);
    }
  });
  afterAll(() => stopSampleSite(site, server));

  const upload = (headers: Record<string, string>) =>
    fetch(`${server.url}/admin/media?_action=media.upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, ...headers },
      body: 'alt=x&file='.padEnd(2 * 1024 * 1024, 'a'),
    });

  it('refuses 2 MB from a visitor and from a reader with 413', async () => {
    expect((await upload({})).status).toBe(413);
    expect((await upload({ cookie: cookie.reader! })).status).toBe(413);
    expect((await upload({ cookie: 'wishcast_session=forged-session-id' })).status).toBe(413);
  });

  it("takes the author's 2 MB body in (and answers it on its merits)", async () => {
    const res = await upload({ cookie: cookie.author! });
    expect(res.status).not.toBe(413);
    expect(res.status).toBeLessThan(500);
  });
});
