// Issue 29, item 5, against the built server with JavaScript off (plain form
// posts): the author turns two-step sign-in on, signs out, signs in with the
// password and a TOTP code, then with a recovery code, which is refused the
// second time.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmedAccount, uniqueEmail } from '../helpers/fixtures.ts';
import {
  cookieFrom,
  dbTargets,
  postForm,
  startSampleSite,
  stopSampleSite,
  type RunningServer,
  type TestSite,
} from '../helpers/site.ts';

const PASSWORD = 'author password 123';

describe.each(dbTargets)('two-step sign-in on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  const email = uniqueEmail('author');
  let secret: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    ({ site, server } = await startSampleSite(target, {
      seed: async (db) => {
        await createConfirmedAccount(db, { name: 'Ada', email, password: PASSWORD }, 'author');
      },
    }));
  });
  afterAll(() => stopSampleSite(site, server));

  const get = (path: string, cookie: string) => fetch(server.url + path, { headers: { cookie }, redirect: 'manual' });
  const isSignedIn = async (cookie: string) => (await get('/account', cookie)).status === 200;
  /** The password step: the cookie of a sign-in waiting for its code. */
  const password = async () => {
    const res = await postForm(server.url, '/login?_action=auth.logIn', { email, password: PASSWORD, next: '/admin' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login/code?next=%2Fadmin');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('wishcast_session='))).toBe(false);
    return cookieFrom(res);
  };
  const code = (pending: string, value: string) =>
    postForm(
      server.url,
      '/login/code?_action=auth.logInWithCode',
      { code: value, next: '/admin' },
      { cookie: pending },
    );
  /** A code of the next time step: the step that turned it on is spent, and one step ahead is accepted. */
  const nextCode = () => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + 30_000 });

  it('turns on from /account with a QR code, the key in text and a current code, showing ten recovery codes once', async () => {
    const login = await postForm(server.url, '/login?_action=auth.logIn', { email, password: PASSWORD });
    expect(login.status).toBe(303);
    const cookie = cookieFrom(login);
    expect(await (await get('/account', cookie)).text()).toContain('href="/account/two-step"');
    const start = await postForm(server.url, '/account/two-step?_action=twoStep.start', {}, { cookie });
    expect(start.status).toBe(303);
    const setup = await (await get('/account/two-step', cookie)).text();
    expect(setup).toMatch(/<svg[^>]*>/);
    secret = /<code class="secret"[^>]*>([A-Z2-7]+)<\/code>/.exec(setup)![1]!;
    // A wrong code: refused beside the field.
    const wrong = await postForm(
      server.url,
      '/account/two-step?_action=twoStep.confirm',
      { code: '000000' },
      { cookie },
    );
    expect(wrong.status).toBe(400);
    const confirm = await postForm(
      server.url,
      '/account/two-step?_action=twoStep.confirm',
      { code: new TOTP({ secret: Secret.fromBase32(secret) }).generate() },
      { cookie },
    );
    expect(confirm.status).toBe(200);
    recoveryCodes = [...(await confirm.text()).matchAll(/<code[^>]*>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map(
      (m) => m[1]!,
    );
    expect(recoveryCodes).toHaveLength(10);
    const after = await (await get('/account/two-step', cookie)).text();
    expect(after).not.toContain(secret);
    expect(after).not.toContain(recoveryCodes[0]);
    expect(after).toContain('10 unused recovery codes');
    expect((await postForm(server.url, '/logout?_action=auth.logOut', {}, { cookie })).status).toBe(303);
  });

  it('asks for the code after the password, and signs in with it', async () => {
    const pending = await password();
    expect(await isSignedIn(pending)).toBe(false);
    const page = await get('/login/code?next=%2Fadmin', pending);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(await page.text()).toContain('name="code"');
    expect((await code(pending, '000000')).status).toBe(400);
    const res = await code(pending, nextCode());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    expect(await isSignedIn(cookieFrom(res))).toBe(true);
  });

  it('signs in with a recovery code once, and refuses it the second time', async () => {
    const first = await code(await password(), recoveryCodes[0]!);
    expect(first.status).toBe(303);
    expect(await isSignedIn(cookieFrom(first))).toBe(true);
    const again = await code(await password(), recoveryCodes[0]!);
    expect(again.status).toBe(400);
    expect(again.headers.getSetCookie().some((c) => c.startsWith('wishcast_session='))).toBe(false);
  });
});
