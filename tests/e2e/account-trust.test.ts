// Issue 24, item 5, against the built server: a signed-in account whose email
// is unconfirmed has its comment held; its writer sees it in place, marked as
// waiting, even when readers' pages are already in the page cache; other readers
// and visitors do not see it. A confirmed account's comment is published at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeConfirmedAccount, makePost, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import {
  cookieFrom,
  dbTargets,
  postForm,
  startSampleSite,
  stopSampleSite,
  type RunningServer,
  type TestSite,
} from '../helpers/site.ts';
import { HELD_NOTICE } from '../helpers/trust-site.ts';

describe.each(dbTargets)('trust earned by confirming the email on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  const emails = { cora: uniqueEmail('cora'), uma: uniqueEmail('uma') };
  const cookies = { cora: '', uma: '' };
  let slug = '';
  let postId = 0;

  beforeAll(async () => {
    ({ site, server } = await startSampleSite(target, {
      seed: async (db) => {
        await makeConfirmedAccount(db, { name: 'Cora Confirmed', email: emails.cora });
        await makeAccount(db, { name: 'Uma Unconfirmed', email: emails.uma });
        const post = await makePost(db, { title: 'Trust me', publishedAt: new Date(Date.now() - 3_600_000) });
        slug = post.slug;
        postId = post.id;
      },
    }));
    for (const who of ['cora', 'uma'] as const) {
      cookies[who] = cookieFrom(
        await postForm(server.url, '/login?_action=auth.logIn', { email: emails[who], password: TEST_PASSWORD }),
      );
    }
  });
  afterAll(() => stopSampleSite(site, server));

  const page = () => `/posts/${slug}`;
  const read = async (cookie?: string) =>
    (await fetch(server.url + page(), { headers: cookie ? { cookie } : {} })).text();
  const comment = (cookie: string, body: string) =>
    postForm(server.url, `${page()}?_action=comments.create`, { post_id: String(postId), body }, { cookie });

  it("holds an unconfirmed account's comment and shows it to its writer alone, as waiting", async () => {
    // Every kind of reader has the page in the cache before the comment.
    for (let i = 0; i < 2; i++) await Promise.all([read(), read(cookies.cora), read(cookies.uma)]);
    const text = 'Signed up with any address a minute ago';
    const posted = await comment(cookies.uma, text);
    expect(posted.status).toBe(303);
    for (let i = 0; i < 2; i++) {
      const own = await read(cookies.uma);
      expect(own).toContain(text);
      expect(own).toContain(HELD_NOTICE);
      const other = await read(cookies.cora);
      expect(other).not.toContain(text);
      expect(other).not.toContain(HELD_NOTICE);
      expect(await read()).not.toContain(text);
    }
    // The account page says why, beside the button that sends the confirmation again.
    const account = await (await fetch(`${server.url}/account`, { headers: { cookie: cookies.uma } })).text();
    expect(account).toContain('wait for the author’s approval until you confirm it');
  });

  it("publishes a confirmed account's comment at once, for everyone", async () => {
    const text = 'Confirmed long ago, published at once';
    expect((await comment(cookies.cora, text)).status).toBe(303);
    expect(await read()).toContain(text);
    const own = await read(cookies.cora);
    expect(own).toContain(text);
  });
});
