// Defect 4 of issue 11: the per-account login limit holds under parallel
// requests, because each attempt is counted atomically before the (slow)
// password check; and people who share an address do not use up its
// allowance by logging in successfully. Issue 24: a stranger's wrong guesses
// do not lock the owner out of a browser that has logged in before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, verifyCredentials } from '../../src/lib/auth/users.ts';
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

  describe('from a browser that has logged in before', () => {
    const wrongFromStrangers = (email: string, now: Date) =>
      outcomes(
        Array.from({ length: 20 }, (_, i) =>
          verifyCredentials(t.db, { email, password: `stranger ${i}` }, { ip: `203.0.113.${i}`, now }),
        ),
      );

    it('lets the owner in with the right password while strangers have locked the account', async () => {
      const owner = await makeAccount(t.db);
      const then = new Date('2026-06-04T09:00:00Z');
      const { deviceToken } = await logIn(
        t.db,
        { email: owner.email, password: TEST_PASSWORD },
        { ip: '192.0.2.10', now: then },
      );
      const now = new Date('2026-06-04T10:00:00Z');
      expect(await wrongFromStrangers(owner.email, now)).toEqual({ ok: 0, wrong: 5, limited: 15, other: [] });
      // A browser the account does not know waits, even with the right password…
      await expect(
        verifyCredentials(t.db, { email: owner.email, password: TEST_PASSWORD }, { ip: '192.0.2.10', now }),
      ).rejects.toThrow(RateLimitedError);
      // …the owner's own browser does not.
      const again = await logIn(
        t.db,
        { email: owner.email, password: TEST_PASSWORD },
        { ip: '192.0.2.10', now, deviceToken },
      );
      expect(again.account.id).toBe(owner.id);
      // A new token each time (the old one is replaced), and the strangers' count stays.
      expect(again.deviceToken).not.toBe(deviceToken);
      await expect(
        verifyCredentials(
          t.db,
          { email: owner.email, password: TEST_PASSWORD },
          { ip: '192.0.2.10', now, deviceToken },
        ),
      ).rejects.toThrow(RateLimitedError);
      await logIn(
        t.db,
        { email: owner.email, password: TEST_PASSWORD },
        { ip: '192.0.2.10', now, deviceToken: again.deviceToken },
      );
      await expect(
        verifyCredentials(t.db, { email: owner.email, password: TEST_PASSWORD }, { ip: '192.0.2.11', now }),
      ).rejects.toThrow(RateLimitedError);
    });

    it('counts failures from a known browser against that browser (5, in parallel too), not the account', async () => {
      const owner = await makeAccount(t.db);
      const now = new Date('2026-06-05T10:00:00Z');
      const { deviceToken } = await logIn(t.db, { email: owner.email, password: TEST_PASSWORD }, { ip: null, now });
      const result = await outcomes(
        Array.from({ length: 12 }, (_, i) =>
          verifyCredentials(
            t.db,
            { email: owner.email, password: `typo ${i}` },
            { ip: `198.51.100.${i}`, now, deviceToken },
          ),
        ),
      );
      expect(result).toEqual({ ok: 0, wrong: 5, limited: 7, other: [] });
      await expect(
        verifyCredentials(t.db, { email: owner.email, password: TEST_PASSWORD }, { ip: null, now, deviceToken }),
      ).rejects.toThrow(RateLimitedError);
      // The account itself is not locked: another browser gets in.
      await logIn(t.db, { email: owner.email, password: TEST_PASSWORD }, { ip: null, now });
    });

    it('still holds the per-address limit for a known browser', async () => {
      const owner = await makeAccount(t.db);
      const now = new Date('2026-06-06T10:00:00Z');
      const ip = '203.0.113.90';
      const { deviceToken } = await logIn(t.db, { email: owner.email, password: TEST_PASSWORD }, { ip: null, now });
      for (let i = 0; i < 20; i++) {
        await verifyCredentials(t.db, { email: `guess-${i}@example.test`, password: 'x' }, { ip, now }).catch(
          () => null,
        );
      }
      await expect(
        verifyCredentials(t.db, { email: owner.email, password: TEST_PASSWORD }, { ip, now, deviceToken }),
      ).rejects.toThrow(RateLimitedError);
    });

    it("is no help with another account's token, a forged or expired one", async () => {
      const owner = await makeAccount(t.db);
      const stranger = await makeAccount(t.db);
      const then = new Date('2025-06-01T10:00:00Z');
      const old = await logIn(t.db, { email: owner.email, password: TEST_PASSWORD }, { ip: null, now: then });
      const now = new Date('2026-06-07T10:00:00Z');
      const theirs = await logIn(t.db, { email: stranger.email, password: TEST_PASSWORD }, { ip: null, now });
      expect(await wrongFromStrangers(owner.email, now)).toMatchObject({ wrong: 5, limited: 15 });
      for (const deviceToken of [theirs.deviceToken, 'A'.repeat(43), `${theirs.deviceToken}x`, old.deviceToken, '']) {
        await expect(
          verifyCredentials(t.db, { email: owner.email, password: TEST_PASSWORD }, { ip: null, now, deviceToken }),
          deviceToken,
        ).rejects.toThrow(RateLimitedError);
      }
      // A known browser's stored form is a hash: the token itself is nowhere in the table.
      const rows = await t.db.selectFrom('known_devices').select('token_hash').execute();
      expect(rows.map((r) => r.token_hash)).not.toContain(theirs.deviceToken);
    });
  });
});
