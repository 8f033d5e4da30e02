// Issue 29, item 5: passkeys' rules, with a software authenticator answering
// the real WebAuthn verification. A challenge works once and for five minutes;
// a passkey signs in only its own account, only with a counter that moved
// forward; removing one needs the password and the owner; the shell's reset,
// the data export and leaving take passkeys along.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  finishAddingPasskey,
  listPasskeys,
  relyingPartyOf,
  removePasskey,
  startAddingPasskey,
  startPasskeySignIn,
} from '../../src/lib/auth/passkeys/service.ts';
import {
  signInWithPassword,
  signInWithPasskey,
  signInWithPasskeyAsSecondStep,
  startPasskeySecondStep,
  pendingSignInTakesPasskey,
} from '../../src/lib/auth/sign-in.ts';
import {
  confirmTwoStep,
  pendingSignInExists,
  readTwoStep,
  resetTwoStepByEmail,
  startTwoStepSetup,
} from '../../src/lib/auth/two-step/service.ts';
import type { Account } from '../../src/lib/auth/users.ts';
import { NotFoundError, ValidationError } from '../../src/lib/errors.ts';
import { exportAccountData } from '../../src/lib/people/export.ts';
import { deleteAccount } from '../../src/lib/people/leave.ts';
import { Secret, TOTP } from 'otpauth';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { TEST_PASSWORD, makeAccount } from '../helpers/fixtures.ts';
import { softwarePasskey, type SoftwarePasskey } from '../helpers/software-authenticator.ts';

const SITE = 'https://wishcast.test';
const rp = relyingPartyOf(SITE, 'Wishcast');
const mail = { siteUrl: SITE, siteTimezone: 'UTC', moderationBatchMinutes: 15 };
const ctx = (now: Date, deviceToken: string | null = null) => ({
  ip: '203.0.113.9',
  now,
  mail,
  rateLimitFactor: 1,
  deviceToken,
});

describe.each(dbTargets)('passkeys on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  async function withPasskey(now: Date, account?: Account): Promise<{ account: Account; key: SoftwarePasskey }> {
    const owner = account ?? (await makeAccount(t.db));
    const key = softwarePasskey(owner.id);
    const options = await startAddingPasskey(t.db, owner, rp, { ip: null, now });
    await finishAddingPasskey(t.db, owner.id, { name: 'Laptop', response: key.register(options, SITE) }, rp, now);
    return { account: owner, key };
  }

  const usernameless = async (key: SoftwarePasskey, now: Date, origin = SITE) =>
    key.authenticate(await startPasskeySignIn(t.db, rp, { ip: null, now }), origin);

  const counterOf = async (id: string) =>
    Number(
      (await t.db.selectFrom('passkeys').select('counter').where('id', '=', id).executeTakeFirstOrThrow()).counter,
    );

  it('adds a passkey for a member with the RP ID and origin of SITE_URL, and signs in with it alone', async () => {
    expect(rp).toEqual({ id: 'wishcast.test', origin: SITE, name: 'Wishcast' });
    const now = new Date('2026-07-01T10:00:00Z');
    const { account, key } = await withPasskey(now);
    expect(await listPasskeys(t.db, account.id)).toEqual([
      { id: key.id, name: 'Laptop', createdAt: now, lastUsedAt: null },
    ]);
    const later = new Date(now.getTime() + 60_000);
    const signedIn = await signInWithPasskey(t.db, await usernameless(key, later), rp, ctx(later));
    expect(signedIn.account).toEqual(account);
    expect(signedIn.deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await listPasskeys(t.db, account.id))[0]!.lastUsedAt).toEqual(later);
    expect(await counterOf(key.id)).toBe(1);
    // A new browser signing in with a passkey is told by mail, as after a code; a known one is not.
    const mails = () =>
      t.db
        .selectFrom('outbox')
        .select('kind')
        .where('recipient', '=', account.email)
        .where('kind', '=', 'new-sign-in')
        .execute();
    expect(await mails()).toHaveLength(1);
    await signInWithPasskey(t.db, await usernameless(key, later), rp, ctx(later, signedIn.deviceToken));
    expect(await mails()).toHaveLength(1);
  });

  it('uses a challenge once and for five minutes only, and refuses the wrong origin, changing nothing', async () => {
    const now = new Date('2026-07-02T10:00:00Z');
    const { key } = await withPasskey(now);
    const answer = await usernameless(key, now);
    await signInWithPasskey(t.db, answer, rp, ctx(now));
    // The same answer again (a replay): its challenge is spent.
    await expect(signInWithPasskey(t.db, answer, rp, ctx(now))).rejects.toThrow(/expired or was used already/);
    expect(await counterOf(key.id)).toBe(1);
    // A challenge older than five minutes.
    const stale = await usernameless(key, now);
    const tooLate = new Date(now.getTime() + 5 * 60_000 + 1);
    await expect(signInWithPasskey(t.db, stale, rp, ctx(tooLate))).rejects.toThrow(/expired or was used already/);
    // Signed for another site.
    const elsewhere = await usernameless(key, now, 'https://evil.test');
    await expect(signInWithPasskey(t.db, elsewhere, rp, ctx(now))).rejects.toThrow(ValidationError);
    expect(await counterOf(key.id)).toBe(1);
    // Not an answer at all.
    await expect(signInWithPasskey(t.db, '{"id":1}', rp, ctx(now))).rejects.toThrow(/could not be read/);
  });

  it('refuses a counter that did not move forward, and a credential it does not know', async () => {
    const now = new Date('2026-07-03T10:00:00Z');
    const { key } = await withPasskey(now);
    await signInWithPasskey(t.db, await usernameless(key, now), rp, ctx(now));
    expect(await counterOf(key.id)).toBe(1);
    key.counter = 0; // a copy of the passkey, answering with the count already seen
    await expect(signInWithPasskey(t.db, await usernameless(key, now), rp, ctx(now))).rejects.toThrow(
      /old signature count/,
    );
    expect(await counterOf(key.id)).toBe(1);
    const stranger = softwarePasskey('nobody');
    await expect(signInWithPasskey(t.db, await usernameless(stranger, now), rp, ctx(now))).rejects.toThrow(
      /not known here/,
    );
  });

  it('keeps passkeys to their owner: adding answers only its own challenge, removing only one’s own, with the password', async () => {
    const now = new Date('2026-07-04T10:00:00Z');
    const { account: ada, key } = await withPasskey(now);
    const bea = await makeAccount(t.db);
    // Bea's browser answering a challenge handed to Ada: refused.
    const adaOptions = await startAddingPasskey(t.db, ada, rp, { ip: null, now });
    const beaKey = softwarePasskey(bea.id);
    await expect(
      finishAddingPasskey(t.db, bea.id, { name: 'Phone', response: beaKey.register(adaOptions, SITE) }, rp, now),
    ).rejects.toThrow(/expired or was used already/);
    // The same credential cannot be added twice; and Ada's options do not offer it again.
    expect(adaOptions.excludeCredentials?.map((c) => c.id)).toEqual([key.id]);
    await expect(
      removePasskey(t.db, bea.id, { id: key.id, currentPassword: TEST_PASSWORD }, { ip: null, now }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      removePasskey(t.db, ada.id, { id: key.id, currentPassword: 'not it at all' }, { ip: null, now }),
    ).rejects.toThrow(ValidationError);
    expect(await listPasskeys(t.db, ada.id)).toHaveLength(1);
    await removePasskey(t.db, ada.id, { id: key.id, currentPassword: TEST_PASSWORD }, { ip: null, now });
    expect(await listPasskeys(t.db, ada.id)).toEqual([]);
    // A removed passkey signs nobody in.
    await expect(signInWithPasskey(t.db, await usernameless(key, now), rp, ctx(now))).rejects.toThrow(/not known here/);
  });

  it('stands in for the code after the password, with a passkey of that account only', async () => {
    const now = new Date('2026-07-05T10:00:00Z');
    const account = await makeAccount(t.db, { role: 'author' });
    await startTwoStepSetup(t.db, account.id, now);
    const state = await readTwoStep(t.db, account.id, { account: account.email, issuer: 'Wishcast' });
    if (state.status !== 'setting-up') throw new Error(state.status);
    const code = new TOTP({ secret: Secret.fromBase32(state.secret) }).generate({ timestamp: now.getTime() });
    await confirmTwoStep(t.db, account.id, code, { ip: null, now });
    const { key } = await withPasskey(now, account);
    const { key: othersKey } = await withPasskey(now);

    const step = await signInWithPassword(t.db, { email: account.email, password: TEST_PASSWORD }, ctx(now));
    if (step.kind !== 'code-needed') throw new Error('signed in without a second step');
    expect(await pendingSignInTakesPasskey(t.db, step.pendingToken, now)).toBe(true);
    const options = await startPasskeySecondStep(t.db, step.pendingToken, rp, { ip: null, now });
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([key.id]);
    // Someone else's passkey does not finish this account's sign-in.
    await expect(
      signInWithPasskeyAsSecondStep(t.db, step.pendingToken, othersKey.authenticate(options, SITE), rp, ctx(now)),
    ).rejects.toThrow(/belongs to another account/);
    // Nor does a usernameless challenge (another kind of ceremony).
    await expect(
      signInWithPasskeyAsSecondStep(t.db, step.pendingToken, await usernameless(key, now), rp, ctx(now)),
    ).rejects.toThrow(/expired or was used already/);
    const done = await signInWithPasskeyAsSecondStep(
      t.db,
      step.pendingToken,
      key.authenticate(options, SITE),
      rp,
      ctx(now),
    );
    expect(done.account.id).toBe(account.id);
    expect(await pendingSignInExists(t.db, step.pendingToken, now)).toBe(false);
    // Without a pending sign-in there is no second step to take.
    await expect(startPasskeySecondStep(t.db, step.pendingToken, rp, { ip: null, now })).rejects.toThrow(/expired/);
  });

  it('is listed in the data export without its key, removed by the shell reset and by leaving', async () => {
    const now = new Date('2026-07-06T10:00:00Z');
    const { account, key } = await withPasskey(now);
    const data = (await exportAccountData(t.db, account.id, now))!;
    expect(data.passkeys).toEqual([
      { id: key.id, name: 'Laptop', transports: 'internal', created_at: now, last_used_at: null },
    ]);
    const stored = await t.db
      .selectFrom('passkeys')
      .select('public_key')
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(data)).not.toContain(stored.public_key);

    expect(await resetTwoStepByEmail(t.db, account.email, now)).toMatchObject({ wasOn: false, passkeysRemoved: 1 });
    expect(await listPasskeys(t.db, account.id)).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'two-step.reset')
      .where('subject', '=', `account ${account.email}`)
      .execute();
    expect(audit.map((a) => a.detail)).toEqual(['two-step sign-in was not on; 1 passkey removed']);

    const { account: leaver } = await withPasskey(now);
    await startAddingPasskey(t.db, leaver, rp, { ip: null, now }); // a challenge left open
    await deleteAccount(t.db, leaver.id, { password: TEST_PASSWORD, comments: 'keep', confirm: 'yes' }, now);
    expect(await t.db.selectFrom('passkeys').selectAll().where('user_id', '=', leaver.id).execute()).toEqual([]);
    expect(await t.db.selectFrom('passkey_challenges').selectAll().where('user_id', '=', leaver.id).execute()).toEqual(
      [],
    );
  });
});
