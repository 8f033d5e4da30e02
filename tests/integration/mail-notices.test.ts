// Notifications become mail for verified accounts that want that kind; one
// click on the delivered List-Unsubscribe stops the next mail; the author's
// moderation mail is batched; visitors' reply mail needs a confirmation first.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createComment } from '../../src/lib/comments/service.ts';
import { grantWish } from '../../src/lib/wishes/loop/outcomes.ts';
import { getMailPreferences } from '../../src/lib/mail/preferences.ts';
import { setMailPreference } from '../../src/lib/mail/preferences-repo.ts';
import { createSmtpTransport, type MailTransport } from '../../src/lib/mail/transport.ts';
import { unsubscribe } from '../../src/lib/mail/unsubscribe.ts';
import { confirmReplyMail } from '../../src/lib/mail/visitors.ts';
import { drainDueMail } from '../../src/lib/mail/worker.ts';
import { notify } from '../../src/lib/notifications/notifications.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount, makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';
import { TEST_FROM, TEST_MAIL_CONTEXT } from '../helpers/mail.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp.ts';

const T0 = new Date('2026-06-03T08:00:00Z');

describe.each(dbTargets)('mail from notifications on %s', (target) => {
  let t: TestDatabase;
  let smtp: TestSmtp;
  let transport: MailTransport;
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

  async function deliver(now = new Date()): Promise<ReceivedMail[]> {
    await drainDueMail(t.db, transport, () => now, { from: TEST_FROM, context: TEST_MAIL_CONTEXT, log: () => {} });
    return smtp.messages.splice(0);
  }
  const verify = (id: string) =>
    t.db.updateTable('users').set({ email_verified_at: T0 }).where('id', '=', id).execute();
  const reply = (userId: string, n: number) => ({
    userId,
    kind: 'comment_reply',
    message: `Ana <script>x</script> replied to your comment #${n}`,
    link: `/posts/hello#comment-${n}`,
  });

  it('mails verified accounts only, escaping names, linking to the exact comment', async () => {
    const unverified = await makeAccount(t.db);
    const verified = await makeAccount(t.db);
    await verify(verified.id);
    await notify(t.db, [reply(unverified.id, 1), reply(verified.id, 2)], TEST_MAIL_CONTEXT);
    const mails = await deliver();
    expect(mails.map((m) => m.to)).toEqual([verified.email]);
    expect(mails[0]!.subject).toBe('Ana <script>x</script> replied to your comment #2');
    expect(mails[0]!.html).toContain('Ana &lt;script&gt;x&lt;/script&gt; replied');
    expect(mails[0]!.html).not.toContain('<script>');
    expect(mails[0]!.text).toContain('http://wishcast.test/posts/hello#comment-2');
  });

  it('stops the next mail after one click on List-Unsubscribe, without a session', async () => {
    const reader = await makeAccount(t.db);
    await verify(reader.id);
    await notify(t.db, reply(reader.id, 3), TEST_MAIL_CONTEXT);
    const [first] = await deliver();
    const header = first!.rawHeaders.get('list-unsubscribe')!;
    const url = new URL(header.slice(1, -1));
    expect(url.origin + url.pathname).toBe('http://wishcast.test/unsubscribe');
    expect(first!.text).toContain(`Stop these emails: ${url.href}`);
    expect(await unsubscribe(t.db, url.searchParams.get('token')!, T0)).toBe(true);
    expect((await getMailPreferences(t.db, reader.id)).reply).toBe(false);
    expect((await getMailPreferences(t.db, reader.id)).digest).toBe(true);
    await notify(t.db, reply(reader.id, 4), TEST_MAIL_CONTEXT);
    expect(await deliver()).toEqual([]);
    // The in-app notification is still there.
    const inApp = await t.db.selectFrom('notifications').select('link').where('user_id', '=', reader.id).execute();
    expect(inApp.map((n) => n.link)).toContain('/posts/hello#comment-4');
    // An altered token does nothing.
    expect(await unsubscribe(t.db, `${url.searchParams.get('token')!}x`, T0)).toBe(false);
  });

  it('batches an author’s moderation mail: at most one per 15 minutes', async () => {
    const author = await makeAccount(t.db, { role: 'author' });
    await verify(author.id);
    const held = (n: number) => ({
      userId: author.id,
      kind: 'comment_held',
      message: `Comment ${n} awaiting moderation`,
      link: '/admin/comments?status=pending',
    });
    await notify(t.db, held(1), TEST_MAIL_CONTEXT);
    await notify(t.db, held(2), TEST_MAIL_CONTEXT); // while the first still waits: nothing more
    const sentAt = new Date('2026-06-03T08:00:00Z');
    expect((await deliver(sentAt)).map((m) => m.subject)).toEqual(['Comment 1 awaiting moderation']);
    await notify(t.db, held(3), TEST_MAIL_CONTEXT);
    await notify(t.db, held(4), TEST_MAIL_CONTEXT);
    expect(await deliver(new Date('2026-06-03T08:14:00Z'))).toEqual([]);
    expect((await deliver(new Date('2026-06-03T08:15:00Z'))).map((m) => m.subject)).toEqual([
      'Comment 3 awaiting moderation',
    ]);
  });

  it('mails a visitor replies only after the confirmation click, and stops on one click', async () => {
    const post = await makePost(t.db, { slug: 'visitor-replies', publishedAt: new Date('2026-01-01T00:00:00Z') });
    const visitor = { user: null, ip: '203.0.113.9', visitorTokenHash: null };
    const parent = await createComment(
      t.db,
      { post_id: post.id, name: 'Vera', email: 'vera@example.test', body: 'First!', notify_replies: 'on' },
      { ...visitor },
      T0,
    );
    await t.db.updateTable('comments').set({ status: 'approved' }).where('id', '=', parent.id!).execute();
    // (The author of the test above hears of the held comment; only the visitor's mail matters here.)
    const toVera = async () => (await deliver()).filter((m) => m.to === 'vera@example.test');
    const [confirmation, ...none] = await toVera();
    expect(none).toEqual([]);
    expect(confirmation!.to).toBe('vera@example.test');
    expect(confirmation!.rawHeaders.has('list-unsubscribe')).toBe(false);
    const confirmLink = smtp.linksIn(confirmation!).find((l) => l.includes('/confirm-replies?token='))!;

    const replier = await makeConfirmedAccount(t.db, { name: 'Rob' });
    const answer = () =>
      createComment(
        t.db,
        { post_id: post.id, parent_id: parent.id, body: 'Welcome, **Vera** <img src=x onerror=alert(1)>' },
        { user: { id: replier.id, name: 'Rob', role: 'reader' }, ip: null, visitorTokenHash: null },
        T0,
        { rateLimitFactor: 100 },
      );
    await answer();
    expect(await toVera()).toEqual([]); // not confirmed yet

    expect(await confirmReplyMail(t.db, new URL(confirmLink).searchParams.get('token')!, T0)).toBe(true);
    const second = await answer();
    const [mail] = await toVera();
    expect(mail!.to).toBe('vera@example.test');
    expect(mail!.text).toContain(`/posts/visitor-replies#comment-${second.id}`);
    expect(mail!.html).toContain('<strong>Vera</strong>');
    expect(mail!.html).not.toMatch(/<img/); // shown as text, as on the site

    const stop = new URL(mail!.rawHeaders.get('list-unsubscribe')!.slice(1, -1)).searchParams.get('token')!;
    expect(await unsubscribe(t.db, stop, T0)).toBe(true);
    await answer();
    expect(await toVera()).toEqual([]);
  });
  it('thanks everyone (with an account) who offered when a wish is granted', async () => {
    const wisher = await makeAccount(t.db, { name: 'Wil' });
    const [helper, quiet] = [await makeAccount(t.db, { name: 'Hal' }), await makeAccount(t.db, { name: 'Q' })];
    await verify(helper.id);
    await verify(wisher.id);
    const board = await t.db
      .insertInto('boards')
      .values({ wish_date: '2026-06-03', prompt: 'p' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const wish = await t.db
      .insertInto('wishes')
      .values({
        board_id: board.id,
        user_id: wisher.id,
        author_name: 'Wil',
        body_md: 'w',
        body_html: 'w',
        status: 'approved',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const who of [helper, quiet, wisher]) {
      await t.db
        .insertInto('offers')
        .values({
          wish_id: wish.id,
          user_id: who.id,
          author_name: who.name,
          kind: 'skill',
          body_md: 'o',
          body_html: 'o',
          status: 'approved',
        })
        .execute();
    }
    await grantWish(
      t.db,
      { user: { id: wisher.id, name: 'Wil', role: 'reader' }, link: null },
      { wish_id: String(wish.id), thank_you: 'Thank you **all** <3' },
      { now: T0 },
    );
    const mails = await deliver();
    expect(mails.map((m) => m.to)).toEqual([helper.email]); // not the unverified one, not the wisher
    expect(mails[0]!.subject).toContain("Wil's wish that you offered support on was granted");
    expect(mails[0]!.text).toContain('Thank you all <3');
    expect(mails[0]!.text).toMatch(new RegExp(`https?://\\S+/wishes/2026-06-03/${wish.id}`));
  });
  it("mails the wish loop's notices (messages, shared contacts, withdrawn offers, follow-ups) under one setting", async () => {
    const wisher = await makeAccount(t.db);
    await verify(wisher.id);
    const kinds = ['wish-message', 'contact-shared', 'offer-withdrawn', 'wish-followup'];
    const notice = (kind: string) => ({
      userId: wisher.id,
      kind,
      message: `A ${kind} notice`,
      link: '/wishes/2026-06-03/7',
    });
    await notify(t.db, kinds.map(notice), TEST_MAIL_CONTEXT);
    const mails = await deliver();
    expect(mails.map((m) => m.subject).sort()).toEqual(kinds.map((k) => `A ${k} notice`).sort());
    expect(mails[0]!.text).toContain('http://wishcast.test/wishes/2026-06-03/7');
    expect(mails[0]!.rawHeaders.get('list-unsubscribe')).toMatch(/^<http/);
    await setMailPreference(t.db, wisher.id, 'wish-conversation', false);
    await notify(t.db, kinds.map(notice), TEST_MAIL_CONTEXT);
    expect(await deliver()).toEqual([]);
  });
});
