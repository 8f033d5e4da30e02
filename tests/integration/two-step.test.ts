// Issue 29, item 5: two-step sign-in's rules — a current code turns it on and
// gives ten recovery codes; after the password, a pending step (in the
// database, 5 minutes) takes a TOTP code once per time step or a recovery code
// once; turning it off needs a current code; a new browser is told by mail.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithCode, signInWithPassword } from '../../src/lib/auth/sign-in.ts';
import {
  confirmTwoStep,
  isTwoStepOn,
  readTwoStep,
  resetTwoStepByEmail,
  startTwoStepSetup,
  turnOffTwoStep,
} from '../../src/lib/auth/two-step/service.ts';
import { RateLimitedError, ValidationError } from '../../src/lib/errors.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { TEST_PASSWORD, makeAccount } from '../helpers/fixtures.ts';

const mail = { siteUrl: 'http://wishcast.test', siteTimezone: 'UTC', moderationBatchMinutes: 15 };
const LABEL = { account: 'someone@example.test', issuer: 'Wishcast' };

function codeAt(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
}

describe.each(dbTargets)('two-step sign-in on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  /** An account with two-step sign-in on at `now`: its secret and recovery codes. */
  async function withTwoStep(now: Date) {
    const account = await makeAccount(t.db);
    await startTwoStepSetup(t.db, account.id, now);
    const state = await readTwoStep(t.db, account.id, LABEL);
    if (state.status !== 'setting-up') throw new Error(state.status);
    const codes = await confirmTwoStep(t.db, account.id, codeAt(state.secret, now), { ip: null, now });
    return { account, secret: state.secret, codes, uri: state.uri, qrSvg: state.qrSvg };
  }

  const ctx = (now: Date, ip: string | null = null) => ({ ip, now, mail, rateLimitFactor: 1 });

  it('shows the secret and its QR code only while setting up, and turns on with a current code', async () => {
    const now = new Date('2026-06-01T10:00:00Z');
    const account = await makeAccount(t.db);
    expect(await readTwoStep(t.db, account.id, LABEL)).toEqual({ status: 'off' });
    await startTwoStepSetup(t.db, account.id, now);
    const state = await readTwoStep(t.db, account.id, LABEL);
    if (state.status !== 'setting-up') throw new Error(state.status);
    expect(state.uri).toMatch(/^otpauth:\/\/totp\/Wishcast:/);
    expect(state.uri).toContain(`secret=${state.secret}`);
    expect(state.qrSvg).toMatch(/^<svg[^>]*>/);
    expect(await isTwoStepOn(t.db, account.id)).toBe(false);
    await expect(confirmTwoStep(t.db, account.id, '000000', { ip: null, now })).rejects.toThrow(ValidationError);
    const codes = await confirmTwoStep(t.db, account.id, codeAt(state.secret, now), { ip: null, now });
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(await isTwoStepOn(t.db, account.id)).toBe(true);
    const on = await readTwoStep(t.db, account.id, LABEL);
    expect(on).toMatchObject({ status: 'on', recoveryCodesLeft: 10 });
    expect(JSON.stringify(on)).not.toContain(state.secret);
    // Stored hashed: no code in the table.
    const stored = await t.db.selectFrom('two_step_recovery_codes').select('code_hash').execute();
    for (const code of codes) expect(JSON.stringify(stored)).not.toContain(code.replace('-', ''));
    // Starting again while on is refused (the secret cannot be read back that way).
    await expect(startTwoStepSetup(t.db, account.id, now)).rejects.toThrow(/already on/);
  });

  it('signs in only with a code after the password, and accepts a TOTP code once', async () => {
    const now = new Date('2026-06-02T10:00:00Z');
    const { account, secret } = await withTwoStep(now);
    const later = new Date(now.getTime() + 60_000);
    const first = await signInWithPassword(t.db, { email: account.email, password: TEST_PASSWORD }, ctx(later));
    if (first.kind !== 'code-needed') throw new Error('signed in without a code');
    const code = codeAt(secret, later);
    await expect(signInWithCode(t.db, first.pendingToken, '123456', ctx(later))).rejects.toThrow(ValidationError);
    const done = await signInWithCode(t.db, first.pendingToken, code, ctx(later));
    expect(done.account.id).toBe(account.id);
    // The pending step is used up.
    await expect(signInWithCode(t.db, first.pendingToken, code, ctx(later))).rejects.toThrow(/expired/);
    // The same code in a new pending step is a replay.
    const second = await signInWithPassword(t.db, { email: account.email, password: TEST_PASSWORD }, ctx(later));
    if (second.kind !== 'code-needed') throw new Error('signed in without a code');
    await expect(signInWithCode(t.db, second.pendingToken, code, ctx(later))).rejects.toThrow(ValidationError);
    // The code of the confirming step is a replay too; the next step's code works.
    const next = new Date(later.getTime() + 30_000);
    await signInWithCode(t.db, second.pendingToken, codeAt(secret, next), ctx(next));
  });

  it('takes each recovery code once', async () => {
    const now = new Date('2026-06-03T10:00:00Z');
    const { account, codes } = await withTwoStep(now);
    const signIn = async (code: string) => {
      const step = await signInWithPassword(t.db, { email: account.email, password: TEST_PASSWORD }, ctx(now));
      if (step.kind !== 'code-needed') throw new Error('signed in without a code');
      return signInWithCode(t.db, step.pendingToken, code, ctx(now));
    };
    // Typed in capitals without the dash: still the code.
    expect((await signIn(codes[0]!.toUpperCase().replace('-', ''))).account.id).toBe(account.id);
    await expect(signIn(codes[0]!)).rejects.toThrow(ValidationError);
    expect(await readTwoStep(t.db, account.id, LABEL)).toMatchObject({ recoveryCodesLeft: 9 });
    // Another account's code is no help.
    const other = await withTwoStep(now);
    await expect(signIn(other.codes[0]!)).rejects.toThrow(ValidationError);
  });

  it('lets a pending step expire after 5 minutes', async () => {
    const now = new Date('2026-06-04T10:00:00Z');
    const { account, secret, codes } = await withTwoStep(now);
    const step = await signInWithPassword(t.db, { email: account.email, password: TEST_PASSWORD }, ctx(now));
    if (step.kind !== 'code-needed') throw new Error('signed in without a code');
    const late = new Date(now.getTime() + 5 * 60_000 + 1000);
    await expect(signInWithCode(t.db, step.pendingToken, codeAt(secret, late), ctx(late))).rejects.toThrow(/expired/);
    await expect(signInWithCode(t.db, step.pendingToken, codes[1]!, ctx(late))).rejects.toThrow(/expired/);
    await expect(signInWithCode(t.db, 'forged-token', codes[1]!, ctx(now))).rejects.toThrow(/expired/);
  });

  it('limits wrong codes: five per account in 15 minutes', async () => {
    const now = new Date('2026-06-05T10:00:00Z');
    const { account, secret } = await withTwoStep(now);
    const step = await signInWithPassword(t.db, { email: account.email, password: TEST_PASSWORD }, ctx(now));
    if (step.kind !== 'code-needed') throw new Error('signed in without a code');
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => signInWithCode(t.db, step.pendingToken, `${100000 + i}`, ctx(now))),
    );
    const count = (type: new (...args: never[]) => Error) =>
      settled.filter((s) => s.status === 'rejected' && s.reason instanceof type).length;
    expect([count(ValidationError), count(RateLimitedError)]).toEqual([5, 7]);
    await expect(signInWithCode(t.db, step.pendingToken, codeAt(secret, now), ctx(now))).rejects.toThrow(
      RateLimitedError,
    );
  });

  it('turns off only with a current code, and the shell reset turns it off', async () => {
    const now = new Date('2026-06-06T10:00:00Z');
    const { account, secret } = await withTwoStep(now);
    const later = new Date(now.getTime() + 90_000);
    await expect(turnOffTwoStep(t.db, account.id, '000000', { ip: null, now: later })).rejects.toThrow(ValidationError);
    expect(await isTwoStepOn(t.db, account.id)).toBe(true);
    await turnOffTwoStep(t.db, account.id, codeAt(secret, later), { ip: null, now: later });
    expect(await isTwoStepOn(t.db, account.id)).toBe(false);
    const step = await signInWithPassword(t.db, { email: account.email, password: TEST_PASSWORD }, ctx(later));
    expect(step.kind).toBe('signed-in');

    const again = await withTwoStep(now);
    expect(await resetTwoStepByEmail(t.db, again.account.email, later)).toMatchObject({ wasOn: true });
    expect(await isTwoStepOn(t.db, again.account.id)).toBe(false);
    expect(
      await t.db.selectFrom('two_step_recovery_codes').where('user_id', '=', again.account.id).selectAll().execute(),
    ).toEqual([]);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'two-step.reset').execute();
    expect(audit.map((a) => a.subject)).toEqual([`account ${again.account.email}`]);
    expect(await resetTwoStepByEmail(t.db, 'nobody@example.test', later)).toBeNull();
  });

  it('mails a person with two-step sign-in on when a new browser signs in, not a known one', async () => {
    const now = new Date('2026-06-07T10:00:00Z');
    const { account, codes } = await withTwoStep(now);
    const mailsTo = async () =>
      (
        await t.db
          .selectFrom('outbox')
          .select('subject')
          .where('recipient', '=', account.email)
          .where('kind', '=', 'new-sign-in')
          .execute()
      ).length;
    const signIn = async (code: string, deviceToken: string | null) => {
      const step = await signInWithPassword(t.db, { email: account.email, password: TEST_PASSWORD }, ctx(now));
      if (step.kind !== 'code-needed') throw new Error('signed in without a code');
      return signInWithCode(t.db, step.pendingToken, code, { ...ctx(now), deviceToken });
    };
    const first = await signIn(codes[0]!, null);
    expect(await mailsTo()).toBe(1);
    await signIn(codes[1]!, first.deviceToken);
    expect(await mailsTo()).toBe(1);
    // Without two-step sign-in nobody is mailed.
    const plain = await makeAccount(t.db);
    await signInWithPassword(t.db, { email: plain.email, password: TEST_PASSWORD }, ctx(now));
    expect(
      await t.db
        .selectFrom('outbox')
        .select('id')
        .where('recipient', '=', plain.email)
        .where('kind', '=', 'new-sign-in')
        .execute(),
    ).toEqual([]);
  });
});
