// Issue 24, item 4: mail cannot be turned on strangers. An address typed with a
// wish or an offer gets nothing of the visitor's words until its owner confirms
// it (the double opt-in "email me replies" has), and mail to an address that has
// confirmed nothing (confirmations, the email-change mail) stops at three a day,
// counted in the database, whoever asks. Through a real SMTP server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestEmailChange } from '../../src/lib/auth/change-email.ts';
import { requestPasswordReset, signUp } from '../../src/lib/auth/signup.ts';
import { createComment } from '../../src/lib/comments/service.ts';
import { RateLimitedError } from '../../src/lib/errors.ts';
import { confirmAddress } from '../../src/lib/mail/address-opt-in.ts';
import { createSmtpTransport, type MailTransport } from '../../src/lib/mail/transport.ts';
import { drainDueMail } from '../../src/lib/mail/worker.ts';
import { postOffer, postWish } from '../../src/lib/wishes/service.ts';
import { outboxMailSink } from '../../src/server/mail-sink.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost, TEST_PASSWORD } from '../helpers/fixtures.ts';
import { TEST_FROM, TEST_MAIL_CONTEXT } from '../helpers/mail.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp.ts';
import { actor, createClock, makePerson, SITE, WISH_DAY, wishContext, type Person } from '../helpers/wish-loop.ts';

const DAY_MS = 86_400_000;

describe.each(dbTargets)('mail to strangers on %s', (target) => {
  let t: TestDatabase;
  let smtp: TestSmtp;
  let transport: MailTransport;
  let bob: Person;
  const clock = createClock();
  const sink = outboxMailSink({ siteUrl: SITE, siteTimezone: 'Europe/Berlin' });
  const ctx = () => wishContext(clock.tick(), sink);

  beforeAll(async () => {
    t = await openTestDb(target);
    smtp = await startTestSmtp();
    transport = createSmtpTransport(smtp.url);
    bob = await makePerson(t.db, 'Bob');
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.stop();
    await t?.drop();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
  });

  async function mailsTo(email: string): Promise<ReceivedMail[]> {
    await drainDueMail(t.db, transport, () => clock.now(), {
      from: TEST_FROM,
      context: TEST_MAIL_CONTEXT,
      log: () => {},
    });
    return smtp.messages.splice(0).filter((m) => m.to === email);
  }
  const wishAs = (name: string, email: string, body: string) =>
    postWish(t.db, actor(null, `${name}-cookie`), { board_date: WISH_DAY, body, name, email }, ctx());
  const offerOn = (wishId: number, body: string) =>
    postOffer(t.db, actor(bob), { wish_id: wishId, kind: 'skill', body }, ctx());

  it("mails nothing of a visitor's wish to the address typed with it until that address is confirmed", async () => {
    const vera = 'vera@example.org';
    const wish = await wishAs('Vera', vera, 'I wish for *secret* words');
    await t.db.updateTable('wishes').set({ status: 'approved' }).where('id', '=', wish.wishId).execute();
    const [confirmation, ...more] = await mailsTo(vera);
    expect(more).toEqual([]);
    expect(confirmation!.subject).toBe('Confirm: email me about my wish or offer');
    expect(confirmation!.text).not.toContain('secret');
    expect(confirmation!.text).not.toContain('/wishes/manage/');
    const link = smtp.linksIn(confirmation!).find((l) => l.startsWith(`${SITE}/confirm-replies?token=`))!;

    // An offer on the wish would mail her (with the offerer's words and a manage link): not yet.
    await offerOn(wish.wishId, 'I can help');
    expect(await mailsTo(vera)).toEqual([]);

    expect(await confirmAddress(t.db, new URL(link).searchParams.get('token')!, clock.now())).toBe('wish');
    await offerOn(wish.wishId, 'I can help too');
    const [news, ...rest] = await mailsTo(vera);
    expect(rest).toEqual([]);
    expect(news!.subject).toBe('Bob offered skill on your wish');
    expect(news!.text).toContain(`${SITE}/wishes/manage/`);
  });

  it("confirms with a visitor's offer the same way: no manage link before the click", async () => {
    const host = await wishAs('Hana', 'hana@example.org', 'A wish to answer');
    await t.db.updateTable('wishes').set({ status: 'approved' }).where('id', '=', host.wishId).execute();
    const otto = 'otto@example.org';
    await postOffer(
      t.db,
      actor(null, 'otto-cookie'),
      { wish_id: host.wishId, kind: 'skill', body: 'Otto offers', name: 'Otto', email: otto },
      ctx(),
    );
    const mails = await mailsTo(otto);
    expect(mails.map((m) => m.subject)).toEqual(['Confirm: email me about my wish or offer']);
    expect(mails[0]!.text).not.toContain('/wishes/manage/');
  });

  it('sends at most three mails a day to an address that confirmed nothing, whoever asks; a confirmed one is not limited', async () => {
    const stranger = 'stranger@example.org';
    const post = await makePost(t.db, { slug: 'stranger', publishedAt: new Date('2026-01-01T00:00:00Z') });
    const [ann, ben] = [await makeConfirmedAccount(t.db), await makeConfirmedAccount(t.db)];
    const changeTo = (id: string) =>
      requestEmailChange(
        t.db,
        id,
        { newEmail: stranger, currentPassword: TEST_PASSWORD },
        { ip: null, now: clock.tick(), mail: TEST_MAIL_CONTEXT },
      );
    // 1: a visitor's comment asking for replies; 2: a visitor's wish; 3 and 4: two accounts' email changes.
    await createComment(
      t.db,
      { post_id: post.id, body: 'Hi', name: 'Someone', email: stranger, notify_replies: 'on' },
      { user: null, ip: null, visitorTokenHash: null },
      clock.tick(),
    );
    await wishAs('Someone', stranger, 'Another wish');
    await changeTo(ann.id);
    await expect(changeTo(ben.id)).rejects.toThrow(RateLimitedError);
    const subjects = (await mailsTo(stranger)).map((m) => m.subject).sort();
    expect(subjects).toEqual([
      'Confirm your email address',
      'Confirm: email me about my wish or offer',
      'Confirm: email me replies to my comment',
    ]);
    // Next day the address has a new share.
    clock.tick(DAY_MS);
    await changeTo(ben.id);
    expect((await mailsTo(stranger)).map((m) => m.subject)).toEqual(['Confirm your email address']);

    // A confirmed address gets every notice, however many in a day.
    const wish = (
      await t.db
        .selectFrom('wishes')
        .select('id')
        .where('author_email', '=', 'vera@example.org')
        .executeTakeFirstOrThrow()
    ).id;
    for (let i = 0; i < 4; i++) await offerOn(wish, `Offer number ${i}`);
    expect(await mailsTo('vera@example.org')).toHaveLength(4);
  });

  it("counts an unconfirmed account's mail the same way: sign-up, 'you already have an account', resets", async () => {
    const typed = 'typed-by-someone@example.org';
    const hours = (h: number) => ({ ip: null, now: clock.tick(h * 3_600_000), mail: TEST_MAIL_CONTEXT });
    await signUp(t.db, { name: 'Not Them', email: typed, password: TEST_PASSWORD }, hours(2));
    await signUp(t.db, { name: 'Not Them', email: typed, password: TEST_PASSWORD }, hours(2));
    await requestPasswordReset(t.db, typed, hours(2));
    await requestPasswordReset(t.db, typed, hours(2)); // hours apart: only the daily share refuses it
    // One batch of the worker: the relay may take them in any order.
    expect((await mailsTo(typed)).map((m) => m.subject).sort()).toEqual([
      'Confirm your email address',
      'Reset your password',
      'You already have an account',
    ]);
  });
});
