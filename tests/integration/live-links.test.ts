// Tokens at rest and tokens that die (issue 24): a mail's token-bearing link is
// minted only when the mail is sent, so the outbox holds none; a password change
// ends every reset link, queued ones included; manage links expire MANAGE_LINK_DAYS
// after the last mail that carried one, and a visitor can ask for a fresh one;
// finished mail is pruned; a deleted account's mail goes with it; /admin/mail
// hides other people's links and mints the author's own.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getEmailStatus, requestEmailChange } from '../../src/lib/auth/change-email.ts';
import { isResetTokenValid } from '../../src/lib/auth/email-links.ts';
import { requestPasswordReset, signUp, type RequestContext } from '../../src/lib/auth/signup.ts';
import { changePassword, setPasswordByEmail } from '../../src/lib/auth/users.ts';
import { HIDDEN_TOKEN, viewOutboxMail } from '../../src/lib/mail/mail-view.ts';
import { enqueueMail, pruneFinishedMail } from '../../src/lib/mail/outbox-repo.ts';
import type { MailTransport, OutgoingMail } from '../../src/lib/mail/transport.ts';
import { drainDueMail } from '../../src/lib/mail/worker.ts';
import { deleteAccount } from '../../src/lib/people/leave.ts';
import { mailLostManageLink } from '../../src/lib/wishes/visitors/lost-link.ts';
import { resolveManageLink } from '../../src/lib/wishes/visitors/manage-links.ts';
import { postWish } from '../../src/lib/wishes/service.ts';
import { outboxMailSink } from '../../src/server/mail-sink.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import { TEST_FROM, TEST_MAIL_CONTEXT, testMail } from '../helpers/mail.ts';
import { actor, START, WISH_DAY, wishContext } from '../helpers/wish-loop.ts';

const DAY = 86_400_000;
const days = (n: number, from = START) => new Date(from.getTime() + n * DAY);

describe.each(dbTargets)('live links on %s', (target) => {
  let t: TestDatabase;
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = {
    send: async (mail) => {
      sent.push(mail);
    },
    close: () => {},
  };
  let ip = 0;
  const ctx = (now = START): RequestContext => ({ ip: `198.51.100.${++ip}`, now, mail: TEST_MAIL_CONTEXT });
  const deliver = async (now = START) => {
    await drainDueMail(t.db, transport, () => now, { from: TEST_FROM, context: TEST_MAIL_CONTEXT, log: () => {} });
    return sent.splice(0);
  };
  const tokenIn = (mail: OutgoingMail, path: string) => {
    const match = new RegExp(`http://wishcast\\.test${path.replace('?', '\\?')}([A-Za-z0-9_.-]+)`).exec(mail.text);
    expect(match, mail.text).not.toBeNull();
    return match![1]!;
  };
  const outboxText = async () => {
    const rows = await t.db.selectFrom('outbox').select(['text_body', 'html_body', 'headers']).execute();
    return JSON.stringify(rows);
  };

  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());
  beforeEach(() => {
    sent.length = 0;
  });

  it('queues account mail with a placeholder and mints its token when it is sent', async () => {
    const email = uniqueEmail('nina');
    const id = await signUp(t.db, { name: 'Nina', email, password: TEST_PASSWORD }, ctx());
    const [queued] = await t.db.selectFrom('outbox').selectAll().where('user_id', '=', id!).execute();
    expect(queued!.link).toEqual({ type: 'verify', userId: id, email, queuedAt: START.toISOString() });
    expect(queued!.text_body).toContain('{{LINK}}');
    expect(queued!.text_body).not.toContain('token=');
    expect(await t.db.selectFrom('account_tokens').select('token_hash').where('user_id', '=', id!).execute()).toEqual(
      [],
    );
    const [mail] = (await deliver()).filter((m) => m.to === email);
    tokenIn(mail!, '/verify?token=');
    const stored = await t.db.selectFrom('outbox').selectAll().where('id', '=', queued!.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('sent');
    expect(stored.text_body).toBe(queued!.text_body); // still the placeholder, after sending too
    expect(await outboxText()).not.toMatch(/token=[A-Za-z0-9_-]{20}/);
  });

  it('calls a new address pending while its verification mail waits to be sent, and after', async () => {
    const omar = await makeAccount(t.db, { name: 'Omar' });
    const next = uniqueEmail('omar-new');
    await requestEmailChange(t.db, omar.id, { newEmail: next, currentPassword: TEST_PASSWORD }, ctx());
    expect(await getEmailStatus(t.db, omar.id, START)).toMatchObject({ email: omar.email, pending: next });
    await deliver();
    expect(await getEmailStatus(t.db, omar.id, START)).toMatchObject({ email: omar.email, pending: next });
  });

  it('ends every reset link with a password change, including a reset mail still queued', async () => {
    const email = uniqueEmail('rita');
    const rita = await makeAccount(t.db, { name: 'Rita', email });
    await requestPasswordReset(t.db, email, ctx());
    const first = tokenIn((await deliver())[0]!, '/reset?token=');
    expect(await isResetTokenValid(t.db, first, days(0, START))).toBe(true);
    await requestPasswordReset(t.db, email, ctx(new Date(START.getTime() + 60_000)));
    // Before the second mail goes out, Rita changes her password while signed in.
    await changePassword(
      t.db,
      rita.id,
      { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' },
      { ip: null, now: new Date(START.getTime() + 120_000) },
    );
    expect(await isResetTokenValid(t.db, first, new Date(START.getTime() + 180_000))).toBe(false);
    const report = await drainDueMail(t.db, transport, () => new Date(START.getTime() + 180_000), {
      from: TEST_FROM,
      context: TEST_MAIL_CONTEXT,
      log: () => {},
    });
    expect(report).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    expect(sent).toEqual([]);
    const unused = await t.db
      .selectFrom('account_tokens')
      .select('token_hash')
      .where('user_id', '=', rita.id)
      .where('used_at', 'is', null)
      .execute();
    expect(unused).toEqual([]);

    // The shell's reset does the same.
    await requestPasswordReset(t.db, email, ctx(days(1)));
    const third = tokenIn((await deliver(days(1)))[0]!, '/reset?token=');
    expect(await isResetTokenValid(t.db, third, days(1))).toBe(true);
    await setPasswordByEmail(t.db, email, 'another new password', days(1));
    expect(await isResetTokenValid(t.db, third, days(1))).toBe(false);
  });

  it('prunes finished mail after the retention days and keeps what is still to send', async () => {
    await t.db.deleteFrom('outbox').execute();
    // Sent at the database's own time, as a row's created_at is.
    const now = new Date();
    await enqueueMail(t.db, [testMail(1), testMail(2)]);
    await deliver(now);
    await enqueueMail(t.db, testMail(3, { notBefore: days(400, now) }));
    expect(await pruneFinishedMail(t.db, days(29, now), 30)).toBe(0);
    expect(await pruneFinishedMail(t.db, days(31, now), 30)).toBe(2);
    const left = await t.db.selectFrom('outbox').select(['subject', 'status']).execute();
    expect(left).toEqual([{ subject: 'Test mail 3', status: 'queued' }]);
  });

  it("deletes a leaving member's mail, queued and sent", async () => {
    const email = uniqueEmail('lea');
    const lea = await makeAccount(t.db, { name: 'Lea', email });
    await requestPasswordReset(t.db, email, ctx());
    await deliver();
    await requestPasswordReset(t.db, email, ctx());
    await enqueueMail(t.db, testMail(7, { to: email }));
    const mailOf = () =>
      t.db
        .selectFrom('outbox')
        .select('status')
        .where((eb) => eb.or([eb('user_id', '=', lea.id), eb('recipient', '=', email)]))
        .execute();
    expect((await mailOf()).map((r) => r.status).sort()).toEqual(['queued', 'queued', 'sent']);
    await deleteAccount(t.db, lea.id, { password: TEST_PASSWORD, comments: 'keep', confirm: 'yes' }, START);
    expect(await mailOf()).toEqual([]);
  });

  it('expires manage links 90 days after the last mail that carried one, and mails a fresh one on request', async () => {
    const sink = outboxMailSink({ siteUrl: TEST_MAIL_CONTEXT.siteUrl, siteTimezone: 'UTC' });
    const email = uniqueEmail('vera');
    // Vera confirmed her address before (a wish's mail waits for that: stranger-mail.test.ts).
    await t.db.insertInto('mail_addresses').values({ email, created_at: START, confirmed_at: START }).execute();
    const posted = await postWish(
      t.db,
      actor(null, 'vera-cookie'),
      { board_date: WISH_DAY, body: 'I wish for a reading group.', name: 'Vera', email },
      wishContext(START, sink),
    );
    const shown = posted.manageToken!;
    expect(await outboxText()).not.toContain(shown);
    const mailed = tokenIn(
      (await deliver(START)).find((m) => m.to === email)!,
      '/wishes/manage/',
    );
    for (const token of [shown, mailed]) {
      expect(await resolveManageLink(t.db, token, days(89))).toMatchObject({ wishId: posted.wishId });
      expect(await resolveManageLink(t.db, token, days(91))).toBeNull();
    }

    // Someone types another address: nothing is sent, and the answer is the same.
    const loop = (now: Date) => ({ now, siteUrl: TEST_MAIL_CONTEXT.siteUrl, sendMail: sink, ip: null });
    await mailLostManageLink(t.db, { wish_id: String(posted.wishId), email: 'someone@example.test' }, loop(days(60)));
    expect(await deliver(days(60))).toEqual([]);
    // Vera asks on day 60: a fresh link, and her earlier ones live 90 days from this mail.
    await mailLostManageLink(t.db, { wish_id: String(posted.wishId), email }, loop(days(60)));
    const [again, ...more] = await deliver(days(60));
    expect(more).toEqual([]);
    expect(again).toMatchObject({ to: email, subject: 'Your wish on Wishcast: a new private link' });
    const fresh = tokenIn(again!, '/wishes/manage/');
    for (const token of [shown, mailed, fresh]) {
      expect(await resolveManageLink(t.db, token, days(149))).toMatchObject({ wishId: posted.wishId });
      expect(await resolveManageLink(t.db, token, days(151))).toBeNull();
    }
    // An expired link is not brought back by a later mail.
    await mailLostManageLink(t.db, { wish_id: String(posted.wishId), email }, loop(days(200)));
    const latest = tokenIn((await deliver(days(200)))[0]!, '/wishes/manage/');
    expect(await resolveManageLink(t.db, fresh, days(201))).toBeNull();
    expect(await resolveManageLink(t.db, latest, days(201))).toMatchObject({ wishId: posted.wishId });
  });

  it("hides other people's links at /admin/mail, says how to get one without SMTP, and mints the author's own", async () => {
    await t.db.deleteFrom('outbox').execute();
    const author = await makeAccount(t.db, { name: 'Ada', role: 'author' });
    const member = await makeAccount(t.db, { name: 'Max' });
    await requestPasswordReset(t.db, member.email, ctx());
    await requestPasswordReset(t.db, author.email, ctx());
    // No SMTP: the worker keeps both, minting nothing.
    await drainDueMail(t.db, null, () => START, { context: TEST_MAIL_CONTEXT, log: () => {} });
    const rows = await t.db.selectFrom('outbox').select(['id', 'user_id', 'status']).execute();
    expect(rows.map((r) => r.status)).toEqual(['kept', 'kept']);
    const idOf = (userId: string) => rows.find((r) => r.user_id === userId)!.id;
    const viewer = { userId: author.id, mailConfigured: false };

    const theirs = (await viewOutboxMail(t.db, idOf(member.id), viewer, TEST_MAIL_CONTEXT, START))!;
    expect(theirs.link).toBe('hidden');
    expect(theirs.text).toContain(`http://wishcast.test/reset?token=${HIDDEN_TOKEN}`);
    expect(theirs.advice).toContain('npm run reset-password');
    expect(
      await t.db.selectFrom('account_tokens').select('token_hash').where('user_id', '=', member.id).execute(),
    ).toEqual([]);
    const configured = await viewOutboxMail(
      t.db,
      idOf(member.id),
      { ...viewer, mailConfigured: true },
      TEST_MAIL_CONTEXT,
      START,
    );
    expect(configured!.advice).toBeNull();

    const mine = (await viewOutboxMail(t.db, idOf(author.id), viewer, TEST_MAIL_CONTEXT, START))!;
    expect(mine.link).toBe('yours');
    const token = /\/reset\?token=([A-Za-z0-9_-]+)/.exec(mine.text)![1]!;
    expect(await isResetTokenValid(t.db, token, START)).toBe(true);
  });
});
