// Sessions as an attacker would probe them, over HTTP against the built server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken as hashSessionId } from '../../src/lib/tokens.ts';
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

const PASSWORD = 'first password 123';

async function isSignedIn(server: RunningServer, cookie: string): Promise<boolean> {
  const res = await fetch(`${server.url}/notifications`, { headers: { cookie }, redirect: 'manual' });
  if (res.status === 200) return true;
  expect(res.status).toBe(303);
  return false;
}

async function logIn(server: RunningServer, email: string, password: string) {
  const res = await postForm(server.url, '/login?_action=auth.logIn', { email, password });
  return { res, cookie: cookieFrom(res) };
}

describe.each(dbTargets)('sessions on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let email: string;

  beforeAll(async () => {
    site = await createTestSite(target, { RATE_LIMIT_FACTOR: '1' });
    server = await startServer(site);
    email = uniqueEmail();
    const res = await postForm(server.url, '/signup?_action=auth.signUp', { name: 'Sam', email, password: PASSWORD });
    expect(res.status).toBe(303);
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  it('gives a new session id at every login and ends it server-side at logout', async () => {
    const first = await logIn(server, email, PASSWORD);
    const second = await logIn(server, email, PASSWORD);
    expect(first.res.status).toBe(303);
    expect(first.cookie).not.toBe(second.cookie);
    expect(await isSignedIn(server, first.cookie)).toBe(true);

    const out = await postForm(server.url, '/logout?_action=auth.logOut', {}, { cookie: first.cookie });
    expect(out.status).toBe(303);
    // The old cookie, replayed after logout, no longer works.
    expect(await isSignedIn(server, first.cookie)).toBe(false);
    expect(await isSignedIn(server, second.cookie)).toBe(true);
  });

  it('logs in again with the session the attacker planted replaced (no fixation)', async () => {
    const planted = 'wishcast_session=attackerchosenvalue0000000000';
    const res = await postForm(
      server.url,
      '/login?_action=auth.logIn',
      { email, password: PASSWORD },
      { cookie: planted },
    );
    const cookie = cookieFrom(res, planted);
    expect(cookie).not.toContain('attackerchosenvalue');
    expect(await isSignedIn(server, cookie)).toBe(true);
  });

  it('replaces a valid session with a new one when logging in again, ending the old one', async () => {
    const before = await logIn(server, email, PASSWORD);
    expect(await isSignedIn(server, before.cookie)).toBe(true);
    const res = await postForm(
      server.url,
      '/login?_action=auth.logIn',
      { email, password: PASSWORD },
      { cookie: before.cookie },
    );
    expect(res.status).toBe(303);
    const after = cookieFrom(res, before.cookie);
    expect(after).not.toBe(before.cookie);
    expect(await isSignedIn(server, after)).toBe(true);
    expect(await isSignedIn(server, before.cookie)).toBe(false);
  });

  it('treats forged and expired cookies as signed out', async () => {
    expect(await isSignedIn(server, 'wishcast_session=forged-value-that-was-never-issued')).toBe(false);
    const { cookie } = await logIn(server, email, PASSWORD);
    // The login also sets the known-device cookie: take the session's own value.
    const sessionId = /(?:^|; )wishcast_session=([^;]+)/.exec(cookie)![1]!;
    if (target === 'postgres') {
      const db = site.openDb();
      try {
        await db
          .updateTable('sessions')
          .set({ expires_at: new Date(Date.now() - 1000) })
          .where('id', '=', hashSessionId(sessionId))
          .execute();
      } finally {
        await db.destroy();
      }
      expect(await isSignedIn(server, cookie)).toBe(false);
    }
  });

  it('ends every session of the person when the password changes', async () => {
    const laptop = await logIn(server, email, PASSWORD);
    const phone = await logIn(server, email, PASSWORD);
    const wrong = await postForm(
      server.url,
      '/account/password?_action=auth.changePassword',
      { current_password: 'not it at all', new_password: 'second password 456' },
      { cookie: laptop.cookie },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('That is not your current password.');

    const changed = await postForm(
      server.url,
      '/account/password?_action=auth.changePassword',
      { current_password: PASSWORD, new_password: 'second password 456' },
      { cookie: laptop.cookie },
    );
    expect(changed.status).toBe(303);
    const laptopAfter = cookieFrom(changed, laptop.cookie);
    expect(laptopAfter).not.toBe(laptop.cookie);
    expect(await isSignedIn(server, laptop.cookie)).toBe(false);
    expect(await isSignedIn(server, phone.cookie)).toBe(false);
    expect(await isSignedIn(server, laptopAfter)).toBe(true);
    expect((await logIn(server, email, PASSWORD)).res.status).toBe(400);
    expect((await logIn(server, email, 'second password 456')).res.status).toBe(303);
  });

  it('refuses logins with 429 after 5 failures for an account, with a clear message', async () => {
    const victim = uniqueEmail('victim');
    await postForm(server.url, '/signup?_action=auth.signUp', { name: 'Vic', email: victim, password: PASSWORD });
    for (let i = 0; i < 4; i++) expect((await logIn(server, victim, 'guess number ' + i)).res.status).toBe(400);
    // Success resets the count…
    expect((await logIn(server, victim, PASSWORD)).res.status).toBe(303);
    for (let i = 0; i < 5; i++) expect((await logIn(server, victim, 'guess again ' + i)).res.status).toBe(400);
    // …and after five failures even the right password is refused for now.
    const blocked = await logIn(server, victim, PASSWORD);
    expect(blocked.res.status).toBe(429);
    const html = await blocked.res.text();
    expect(html).toMatch(/try again in \d+ minutes?/);
    expect(html).toContain(victim); // the form comes back with the email kept
  });
});

describe('login throttling per IP address', () => {
  let site: TestSite;
  let server: RunningServer;
  beforeAll(async () => {
    site = await createTestSite('pglite');
    server = await startServer(site);
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  it('refuses further tries from an IP after 20 failures across different accounts', async () => {
    const email = uniqueEmail('real');
    await postForm(server.url, '/signup?_action=auth.signUp', { name: 'Real', email, password: PASSWORD });
    for (let i = 0; i < 20; i++) {
      const res = await logIn(server, uniqueEmail(`guess${i}`), 'password guess');
      expect(res.res.status).toBe(400);
    }
    // Even a right password for an account never tried is refused from this address for now.
    const blocked = await logIn(server, email, PASSWORD);
    expect(blocked.res.status).toBe(429);
  });
});
