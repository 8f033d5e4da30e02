// Issue 11, fair limits for people who share an address: per-account limits
// as before; per-address limits in full for visitors without an account; for
// signed-in accounts the address is only a loose ceiling (30 a minute).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/lib/auth/users.ts';
import { createComment, type Commenter } from '../../src/lib/comments/service.ts';
import { RateLimitedError } from '../../src/lib/errors.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';

describe.each(dbTargets)('posting limits for a shared address on %s', (target) => {
  let t: TestDatabase;
  let post: Post;
  beforeAll(async () => {
    t = await openTestDb(target);
    post = await makePost(t.db, { title: 'Busy wish day', publishedAt: new Date('2026-06-30T09:00:00Z') });
  });
  afterAll(() => t?.drop());

  const reader = (account: Account, ip: string): Commenter => ({
    user: { id: account.id, name: account.name, role: account.role },
    ip,
    visitorTokenHash: null,
  });
  const visitorAt = (n: number, ip: string) => ({
    who: { user: null, ip, visitorTokenHash: `visitor-${ip}-${n}` } satisfies Commenter,
    fields: { name: `Visitor ${n}`, email: `visitor${n}@example.org` },
  });
  const comment = (who: Commenter, at: Date, fields: Record<string, string> = {}, body = 'Me too!') =>
    createComment(t.db, { post_id: String(post.id), body, ...fields }, who, at);
  const refused = (work: Promise<unknown>) =>
    work.then(
      () => null,
      (error: unknown) => error,
    );

  it('publishes two accounts commenting from one address within a second of each other', async () => {
    const [ann, ben] = [
      await makeConfirmedAccount(t.db, { name: 'Ann' }),
      await makeConfirmedAccount(t.db, { name: 'Ben' }),
    ];
    const at = new Date('2026-07-01T09:00:00.000Z');
    const first = await comment(reader(ann, '203.0.113.10'), at, {}, 'Ann says hi');
    const second = await comment(reader(ben, '203.0.113.10'), new Date(at.getTime() + 400), {}, 'Ben says hi');
    expect([first.status, second.status]).toEqual(['approved', 'approved']);
    // Each account still keeps its own pace.
    const again = await refused(comment(reader(ann, '203.0.113.10'), new Date(at.getTime() + 2000)));
    expect(again).toBeInstanceOf(RateLimitedError);
  });

  it('holds twenty visitors at one address over an hour to the visitor limit', async () => {
    const ip = '203.0.113.20';
    const start = new Date('2026-07-02T09:00:00Z');
    const minutes = (m: number, s = 0) => new Date(start.getTime() + m * 60_000 + s * 1000);
    // Twenty different people, one every three minutes: the address's 20 an hour.
    for (let n = 0; n < 20; n++) {
      const v = visitorAt(n, ip);
      expect((await comment(v.who, minutes(n * 3), v.fields)).saved).toBe(true);
    }
    // A twenty-first visitor within the hour is refused, and told when to try again…
    const late = visitorAt(20, ip);
    const error = await refused(comment(late.who, minutes(58), late.fields));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(2 * 60);
    // …and the 10-second pace between visitors holds too, once the hour has moved on.
    const next = visitorAt(21, ip);
    expect((await comment(next.who, minutes(60, 1), next.fields)).saved).toBe(true);
    const tooSoon = visitorAt(22, ip);
    expect(await refused(comment(tooSoon.who, minutes(60, 5), tooSoon.fields))).toBeInstanceOf(RateLimitedError);
    // Signed-in people at that address are not held back by the visitors' use of it.
    const member = await makeConfirmedAccount(t.db, { name: 'Member' });
    expect((await comment(reader(member, ip), minutes(60, 6))).status).toBe('approved');
  });

  it('keeps a ceiling of 30 a minute for all accounts at one address', async () => {
    const ip = '203.0.113.30';
    const at = new Date('2026-07-03T09:00:00Z');
    const accounts = await Promise.all(
      Array.from({ length: 31 }, (_, i) => makeConfirmedAccount(t.db, { name: `M${i}` })),
    );
    for (const [i, account] of accounts.slice(0, 30).entries()) {
      await comment(reader(account, ip), new Date(at.getTime() + i * 1000));
    }
    const thirtyFirst = await refused(comment(reader(accounts[30]!, ip), new Date(at.getTime() + 31_000)));
    expect(thirtyFirst).toBeInstanceOf(RateLimitedError);
    expect((await comment(reader(accounts[30]!, ip), new Date(at.getTime() + 61_000))).status).toBe('approved');
  });
});
