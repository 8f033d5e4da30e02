// Two app processes on one PostgreSQL share sessions and rate-limit counts.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importContentDir } from '../../src/lib/posts/import.ts';
import { dbTargets } from '../helpers/db.ts';
import { todayIsoUtc, todayWeekdayUtc, waitOutMidnight } from '../helpers/time.ts';
import { createConfirmedAccount, uniqueEmail } from '../helpers/fixtures.ts';
import {
  cookieFrom,
  createTestSite,
  postForm,
  startServer,
  type RunningServer,
  type TestSite,
  signUpAndLogIn,
} from '../helpers/server.ts';

const hasPostgres = dbTargets.includes('postgres');

describe.skipIf(!hasPostgres)('two app processes on one PostgreSQL', () => {
  let site: TestSite;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    site = await createTestSite('postgres');
    const db = site.openDb();
    try {
      await importContentDir(db, resolve('content/posts'));
    } finally {
      await db.destroy();
    }
    [a, b] = await Promise.all([startServer(site), startServer(site)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await site?.cleanup();
  });

  it('accepts a session made on one process on the other, and ends it on both', async () => {
    const email = uniqueEmail();
    const signup = await signUpAndLogIn(a.url, {
      name: 'Both',
      email,
      password: 'shared password',
    });
    const cookie = cookieFrom(signup);
    const onB = await fetch(`${b.url}/notifications`, { headers: { cookie }, redirect: 'manual' });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain('Both');
    await postForm(b.url, '/logout?_action=auth.logOut', {}, { cookie });
    const onA = await fetch(`${a.url}/notifications`, { headers: { cookie }, redirect: 'manual' });
    expect(onA.status).toBe(303);
  });

  it('counts login failures across both processes', async () => {
    const email = uniqueEmail();
    await postForm(a.url, '/signup?_action=auth.signUp', { name: 'Target', email, password: 'shared password' });
    const servers = [a, b, a, b, a];
    for (const server of servers) {
      const res = await postForm(server.url, '/login?_action=auth.logIn', { email, password: 'wrong guess' });
      expect(res.status).toBe(400);
    }
    const sixthOnB = await postForm(b.url, '/login?_action=auth.logIn', { email, password: 'shared password' });
    expect(sixthOnB.status).toBe(429);
  });

  it('never shows a stale cached page after a write on the other process', async () => {
    const page = `/posts/ask-what-you-can-do-first`;
    const first = await fetch(b.url + page);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    await first.text();
    // Served from B's cache now.
    const cached = await fetch(b.url + page, { headers: { 'if-none-match': etag! } });
    expect(cached.status).toBe(304);

    const email = uniqueEmail();
    const signup = await signUpAndLogIn(a.url, { name: 'Fresh Voice', email, password: 'shared password' });
    // Confirmed, as by the link in the mail (PostgreSQL is shared): an unconfirmed account's comment would be held.
    const db = site.openDb();
    try {
      await db.updateTable('users').set({ email_verified_at: new Date() }).where('email', '=', email).execute();
    } finally {
      await db.destroy();
    }
    const comment = await postForm(
      a.url,
      `${page}?_action=comments.create`,
      { post_id: '1', body: 'Seen everywhere at once' },
      { cookie: cookieFrom(signup) },
    );
    expect(comment.status).toBe(303);

    // The very next anonymous request on the other process shows it, and the old ETag no longer matches.
    const after = await fetch(b.url + page, { headers: { 'if-none-match': etag! } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Seen everywhere at once');
  });
});

describe.skipIf(!hasPostgres)('the wish-day job on two processes', () => {
  it('opens the board once and sends one set of reminders', async () => {
    await waitOutMidnight(2 * 60_000);
    const site = await createTestSite('postgres');
    const db = site.openDb();
    try {
      const reader = await createConfirmedAccount(db, {
        name: 'Remind Me',
        email: uniqueEmail(),
        password: 'shared password',
      });
      await db.updateTable('users').set({ wish_reminder: true }).where('id', '=', reader.id).execute();
      // Both processes start together on the wish day: each runs the job at start-up and serves /wishes.
      const env = { WISH_DAY: todayWeekdayUtc(), SITE_TIMEZONE: 'UTC' };
      const [one, two] = await Promise.all([startServer(site, env), startServer(site, env)]);
      try {
        await Promise.all([fetch(`${one.url}/wishes`), fetch(`${two.url}/wishes`), fetch(`${one.url}/`)]);
        const boards = await db.selectFrom('boards').select('wish_date').execute();
        expect(boards).toEqual([{ wish_date: todayIsoUtc() }]);
        const reminders = await db
          .selectFrom('notifications')
          .select('id')
          .where('user_id', '=', reader.id)
          .where('kind', '=', 'wish-board-open')
          .execute();
        expect(reminders).toHaveLength(1);
      } finally {
        await Promise.all([one.stop(), two.stop()]);
      }
    } finally {
      await db.destroy();
      await site.cleanup();
    }
  });
});
