// Two app processes on one PostgreSQL share sessions and rate-limit counts.
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

const hasPostgres = dbTargets.includes('postgres');

describe.skipIf(!hasPostgres)('two app processes on one PostgreSQL', () => {
  let site: TestSite;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    site = await createTestSite('postgres');
    [a, b] = await Promise.all([startServer(site), startServer(site)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await site?.cleanup();
  });

  it('accepts a session made on one process on the other, and ends it on both', async () => {
    const email = uniqueEmail();
    const signup = await postForm(a.url, '/signup?_action=auth.signUp', {
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
});
