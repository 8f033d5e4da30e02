// Defect 4 of issue 11: the per-account login limit holds under parallel
// requests, because each attempt is counted atomically before the (slow)
// password check; and people who share an address do not use up its
// allowance by logging in successfully.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredentials } from '../../src/lib/auth/users.ts';
import { RateLimitedError, ValidationError } from '../../src/lib/errors.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { TEST_PASSWORD, makeAccount } from '../helpers/fixtures.ts';

describe.each(dbTargets)('the login limit on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  async function outcomes(attempts: Promise<unknown>[]) {
    const settled = await Promise.allSettled(attempts);
    const count = (type: new (...args: never[]) => Error) =>
      settled.filter((s) => s.status === 'rejected' && s.reason instanceof type).length;
    return {
      ok: settled.filter((s) => s.status === 'fulfilled').length,
      wrong: count(ValidationError),
      limited: count(RateLimitedError),
      other: settled.filter(
        (s) =>
          s.status === 'rejected' && !(s.reason instanceof ValidationError || s.reason instanceof RateLimitedError),
      ),
    };
  }

  it('answers exactly 5 of 40 parallel wrong passwords for one account with 400, the rest 429', async () => {
    const account = await makeAccount(t.db);
    const now = new Date('2026-06-01T10:00:00Z');
    const result = await outcomes(
      Array.from({ length: 40 }, (_, i) =>
        verifyCredentials(t.db, { email: account.email, password: `wrong guess ${i}` }, { ip: `198.51.100.${i}`, now }),
      ),
    );
    expect(result).toEqual({ ok: 0, wrong: 5, limited: 35, other: [] });
    // And the right password is refused too until the window has passed.
    await expect(
      verifyCredentials(t.db, { email: account.email, password: TEST_PASSWORD }, { ip: '192.0.2.1', now }),
    ).rejects.toThrow(RateLimitedError);
  });

  it('holds the per-address limit (20) under 40 parallel guesses at different accounts', async () => {
    const now = new Date('2026-06-02T10:00:00Z');
    const result = await outcomes(
      Array.from({ length: 40 }, (_, i) =>
        verifyCredentials(t.db, { email: `nobody-${i}@example.test`, password: 'guess' }, { ip: '203.0.113.40', now }),
      ),
    );
    expect(result).toEqual({ ok: 0, wrong: 20, limited: 20, other: [] });
  });

  it('does not count successful logins against a shared address', async () => {
    const now = new Date('2026-06-03T10:00:00Z');
    const office = '203.0.113.50';
    const people = await Promise.all(Array.from({ length: 25 }, () => makeAccount(t.db)));
    for (const person of people) {
      await verifyCredentials(t.db, { email: person.email, password: TEST_PASSWORD }, { ip: office, now });
    }
    const hits = await t.db
      .selectFrom('rate_limit_hits')
      .select('id')
      .where('bucket', 'like', `login-fail:%${office}`)
      .execute();
    expect(hits).toEqual([]);
  });
});
