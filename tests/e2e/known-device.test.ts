// Issue 24, item 6, against the built server: a stranger's five wrong passwords
// lock an account for unknown browsers, but not for a browser that has logged
// in to it before (its known-device cookie); and that cookie, sent only to
// /login, never makes a signed-out reader's pages personal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../helpers/db.ts';
import { uniqueEmail } from '../helpers/fixtures.ts';
import {
  cookieFrom,
  createTestSite,
  postForm,
  startServer,
  type RunningServer,
  type TestSite,
} from '../helpers/server.ts';

const PASSWORD = 'owner password 123';

describe.each(dbTargets)('known browsers on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let email: string;
  let device: string;

  const logIn = (password: string, cookie = '') =>
    postForm(server.url, '/login?_action=auth.logIn', { email, password }, cookie ? { cookie } : {});
  const isSignedIn = async (cookie: string) =>
    (await fetch(`${server.url}/notifications`, { headers: { cookie }, redirect: 'manual' })).status === 200;

  beforeAll(async () => {
    site = await createTestSite(target, { RATE_LIMIT_FACTOR: '1' });
    server = await startServer(site);
    email = uniqueEmail('owner');
    const res = await postForm(server.url, '/signup?_action=auth.signUp', { name: 'Olga', email, password: PASSWORD });
    expect(res.status).toBe(303);
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  it('gives a browser that logs in a long-lived HttpOnly cookie for /login only', async () => {
    const res = await logIn(PASSWORD);
    expect(res.status).toBe(303);
    const header = res.headers.getSetCookie().find((c) => c.startsWith('wishcast_device='))!;
    expect(header).toMatch(/^wishcast_device=[A-Za-z0-9_-]{43};/);
    expect(header).toMatch(/; Path=\/login(;|$)/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(Number(/Max-Age=(\d+)/.exec(header)![1])).toBeGreaterThan(300 * 86_400);
    device = header.split(';')[0]!;
  });

  it("lets the owner's browser in with the right password after a stranger's five wrong ones", async () => {
    for (let i = 0; i < 5; i++) expect((await logIn(`stranger guess ${i}`)).status).toBe(400);
    // A browser the account does not know waits…
    expect((await logIn(PASSWORD)).status).toBe(429);
    // …the owner's does not, and is signed in.
    const res = await logIn(PASSWORD, device);
    expect(res.status).toBe(303);
    expect(await isSignedIn(cookieFrom(res))).toBe(true);
    device = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('wishcast_device='))!
      .split(';')[0]!;
    // The stranger's lockout stands for everyone else.
    expect((await logIn(PASSWORD)).status).toBe(429);
  });

  it("counts the owner's own wrong passwords against their browser", async () => {
    for (let i = 0; i < 5; i++) expect((await logIn(`owner typo ${i}`, device)).status).toBe(400);
    expect((await logIn(PASSWORD, device)).status).toBe(429);
  });

  it('keeps a signed-out reader with the cookie in the shared page cache', async () => {
    for (const path of ['/login', '/']) {
      const res = await fetch(server.url + path, { headers: { cookie: device } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=0, must-revalidate');
    }
    // Any other shape of the name still counts as personal.
    for (const cookie of [
      `${device}x`,
      device.replace('wishcast_device', 'Wishcast_Device'),
      'wishcast_device=short',
    ]) {
      const res = await fetch(`${server.url}/login`, { headers: { cookie } });
      expect(res.headers.get('cache-control'), cookie).toBe('private, no-store');
    }
  });
});
