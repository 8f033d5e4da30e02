// Accounts by mail, end to end through a real SMTP server: sign-up answers the
// same for known and unknown emails, verification and reset links from the
// delivered mail work once, reset links expire, and password checks are throttled.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestEmailChange } from '../../src/lib/auth/change-email.ts';
import { isResetTokenValid, resetPassword, verifyEmail } from '../../src/lib/auth/email-links.ts';
import { requestPasswordReset, signUp, type RequestContext } from '../../src/lib/auth/signup.ts';
import { changePassword, verifyCredentials } from '../../src/lib/auth/users.ts';
import { ForbiddenError, RateLimitedError, ValidationError } from '../../src/lib/errors.ts';
import { createSmtpTransport, type MailTransport } from '../../src/lib/mail/transport.ts';
import { drainDueMail } from '../../src/lib/mail/worker.ts';
import { hashToken } from '../../src/lib/tokens.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import { TEST_FROM, TEST_MAIL_CONTEXT } from '../helpers/mail.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp.ts';

const T0 = new Date('2026-06-03T08:00:00Z');
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);

describe.each(dbTargets)('accounts by mail on %s', (target) => {
  let t: TestDatabase;
  let smtp: TestSmtp;
  let transport: MailTransport;
  let ipCounter = 0;
  const ctx = (now = T0, ip: string | null = `192.0.2.${++ipCounter}`): RequestContext => ({
    ip,
    now,
    mail: TEST_MAIL_CONTEXT,
  });
  beforeAll(async () => {
    t = await openTestDb(target);
    smtp = await startTestSmtp();
    transport = createSmtpTransport(smtp.url);
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.stop();
    await t?.drop();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
  });

  async function deliver(): Promise<ReceivedMail[]> {
    await drainDueMail(t.db, transport, () => T0, { from: TEST_FROM, context: TEST_MAIL_CONTEXT, log: () => {} });
    return smtp.messages.splice(0);
  }
  const tokenIn = (mail: ReceivedMail, path: string) => {
    const link = smtp.linksIn(mail).find((l) => l.startsWith(`http://wishcast.test${path}?token=`));
    if (!link) throw new Error(`no ${path} link in: ${mail.text}`);
    return new URL(link).searchParams.get('token')!;
  };

  it('signs up with a verification link that works once', async () => {
    const email = uniqueEmail('new');
    const id = await signUp(t.db, { name: 'Nina', email, password: TEST_PASSWORD }, ctx());
    expect(id).not.toBeNull();
    const [mail, ...rest] = await deliver();
    expect(rest).toEqual([]);
    expect(mail!.to).toBe(email);
    expect(mail!.subject).toBe('Confirm your email address');
    expect(mail!.rawHeaders.has('list-unsubscribe')).toBe(false);
    const token = tokenIn(mail!, '/verify');
    // Only a hash of the token is stored.
    const stored = await t.db.selectFrom('account_tokens').select('token_hash').where('user_id', '=', id!).execute();
    expect(stored.map((r) => r.token_hash)).toEqual([hashToken(token)]);

    const user = () =>
      t.db.selectFrom('users').select('email_verified_at').where('id', '=', id!).executeTakeFirstOrThrow();
    expect((await user()).email_verified_at).toBeNull();
    await verifyEmail(t.db, token, minutes(5));
    expect((await user()).email_verified_at).toEqual(minutes(5));
    await expect(verifyEmail(t.db, token, minutes(6))).rejects.toThrow(ForbiddenError);
  });

  it('answers the same for an email that has an account, and mails that address a reset link instead', async () => {
    const email = uniqueEmail('known');
    await signUp(t.db, { name: 'Kim', email, password: TEST_PASSWORD }, ctx());
    await deliver();
    const again = await signUp(t.db, { name: 'Mallory', email, password: 'another password' }, ctx());
    expect(again).toBeNull();
    const [mail] = await deliver();
    expect(mail!.subject).toBe('You already have an account');
    expect(mail!.text).toContain('Hello Kim,');
    await resetPassword(t.db, tokenIn(mail!, '/reset'), 'a brand new password', minutes(1));
    await verifyCredentials(t.db, { email, password: 'a brand new password' }, { ip: null, now: minutes(2) });
    const users = await t.db.selectFrom('users').select('name').where('email', '=', email).execute();
    expect(users).toEqual([{ name: 'Kim' }]);
  });

  it('limits sign-ups per IP address', async () => {
    const ip = '198.51.100.77';
    for (let i = 0; i < 5; i++) {
      await signUp(t.db, { name: `P${i}`, email: uniqueEmail('ip'), password: TEST_PASSWORD }, ctx(T0, ip));
    }
    await expect(
      signUp(t.db, { name: 'P6', email: uniqueEmail('ip'), password: TEST_PASSWORD }, ctx(T0, ip)),
    ).rejects.toThrow(RateLimitedError);
    await deliver();
  });

  it('resets a password by a link that works once and expires after an hour', async () => {
    const email = uniqueEmail('reset');
    const id = (await signUp(t.db, { name: 'Rae', email, password: TEST_PASSWORD }, ctx()))!;
    await deliver();

    // Unknown address: same (silent) answer, nothing sent.
    await requestPasswordReset(t.db, uniqueEmail('nobody'), ctx());
    expect(await deliver()).toEqual([]);

    await requestPasswordReset(t.db, email, ctx());
    const [mail] = await deliver();
    expect(mail!.subject).toBe('Reset your password');
    const token = tokenIn(mail!, '/reset');
    await t.db
      .insertInto('sessions')
      .values({ id: 'old-session', user_id: id, expires_at: minutes(9999) })
      .execute();
    expect(await isResetTokenValid(t.db, token, minutes(30))).toBe(true);
    await resetPassword(t.db, token, 'my new password', minutes(30));
    await expect(resetPassword(t.db, token, 'another password', minutes(31))).rejects.toThrow(ForbiddenError);
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', id).execute()).toEqual([]);
    // Following the link proved the address.
    const user = await t.db
      .selectFrom('users')
      .select('email_verified_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(user.email_verified_at).toEqual(minutes(30));

    await requestPasswordReset(t.db, email, ctx(minutes(100)));
    const late = tokenIn((await deliver())[0]!, '/reset');
    expect(await isResetTokenValid(t.db, late, minutes(161))).toBe(false);
    await expect(resetPassword(t.db, late, 'too late now', minutes(161))).rejects.toThrow(ForbiddenError);
  });

  it('throttles password checks like log-in, also under parallel guesses', async () => {
    const id = (await signUp(t.db, { name: 'Gus', email: uniqueEmail('guess'), password: TEST_PASSWORD }, ctx()))!;
    const guesses = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        changePassword(t.db, id, { currentPassword: `wrong ${i}`, newPassword: 'whatever pass' }, ctx(T0, null)),
      ),
    );
    const reasons = guesses.map((g) => (g.status === 'rejected' ? (g.reason as Error).constructor : null));
    expect(reasons.filter((r) => r === ValidationError)).toHaveLength(5);
    expect(reasons.filter((r) => r === RateLimitedError)).toHaveLength(15);
    await expect(
      changePassword(t.db, id, { currentPassword: TEST_PASSWORD, newPassword: 'whatever pass' }, ctx(minutes(1), null)),
    ).rejects.toThrow(RateLimitedError);
    await changePassword(
      t.db,
      id,
      { currentPassword: TEST_PASSWORD, newPassword: 'whatever pass' },
      ctx(minutes(16), null),
    );
    await deliver();
  });

  it('changes the email only once the new address is verified', async () => {
    const old = uniqueEmail('old');
    const id = (await signUp(t.db, { name: 'Cy', email: old, password: TEST_PASSWORD }, ctx()))!;
    await verifyEmail(t.db, tokenIn((await deliver())[0]!, '/verify'), T0);
    const fresh = uniqueEmail('fresh');
    await requestEmailChange(t.db, id, { newEmail: fresh, currentPassword: TEST_PASSWORD }, ctx());
    const [mail] = await deliver();
    expect(mail!.to).toBe(fresh);
    const row = () =>
      t.db.selectFrom('users').select(['email', 'email_verified_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect((await row()).email).toBe(old);
    await verifyEmail(t.db, tokenIn(mail!, '/verify'), minutes(3));
    expect(await row()).toEqual({ email: fresh, email_verified_at: minutes(3) });
  });
});
