// No live token at rest (issue 24): after a member asks for a password reset,
// the mail that reaches them carries a working link, yet no page the author can
// open (/admin/mail and the mail itself) and no line of the request log holds a
// link that works. And /verify confirms only with a POST: a mail scanner that
// follows the link with GET confirms nothing. A visitor who lost their manage
// link asks for a fresh one on the wish's page, with JavaScript off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wishSchedule } from '../../src/lib/schedule/week.ts';
import { moderate } from '../../src/lib/wishes/moderation.ts';
import { postWish } from '../../src/lib/wishes/service.ts';
import { makeAccount, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import { logLines } from '../helpers/request-log.ts';
import {
  cookieFrom,
  createTestSite,
  postForm,
  startServer,
  type RunningServer,
  type TestSite,
} from '../helpers/server.ts';
import { dbTargets } from '../helpers/site.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { todayIsoUtc, todayWeekdayUtc, waitOutMidnight } from '../helpers/time.ts';

const AUTHOR = 'ada.author@example.test';
const MEMBER = 'max.member@example.test';
const VISITOR = 'vera.visitor@example.test';

describe.each(dbTargets)('tokens at rest, on screen and in the log, on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let smtp: TestSmtp;
  let author: string;
  let wishPage = '';

  beforeAll(async () => {
    await waitOutMidnight(2 * 60_000);
    smtp = await startTestSmtp();
    site = await createTestSite(target);
    const db = site.openDb();
    try {
      await makeAccount(db, { name: 'Ada Author', email: AUTHOR, role: 'author' });
      await makeAccount(db, { name: 'Max Member', email: MEMBER });
      const now = new Date();
      const context = {
        now,
        schedule: wishSchedule({ siteTimezone: 'UTC', wishWeekday: ((now.getUTCDay() + 6) % 7) + 1 }),
        rateLimitFactor: 1000,
      };
      const visitor = { user: null, ip: null, visitorTokenHash: 'vera' };
      const fields = { board_date: todayIsoUtc(), body: 'Vera wishes for a choir', name: 'Vera', email: VISITOR };
      const { wishId } = await postWish(db, visitor, fields, context);
      await moderate(db, { target: 'wish', id: wishId, status: 'approved' }, context);
      wishPage = `/wishes/${todayIsoUtc()}/${wishId}`;
    } finally {
      await db.destroy();
    }
    server = await startServer(site, {
      SMTP_URL: smtp.url,
      RATE_LIMIT_FACTOR: '10',
      LOG_LEVEL: 'info',
      WISH_DAY: todayWeekdayUtc(),
      SITE_TIMEZONE: 'UTC',
    });
    const login = await postForm(server.url, '/login?_action=auth.logIn', { email: AUTHOR, password: TEST_PASSWORD });
    expect(login.status).toBe(303);
    author = cookieFrom(login);
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
    await smtp?.stop();
  });

  const mailTo = (address: string, subject: string) => smtp.mailTo(address, subject);
  const asAuthor = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie: author } });
    expect(res.status, path).toBe(200);
    return res.text();
  };
  /** Whatever could be a token in a text: query values named token, and manage-link path segments. */
  const candidates = (text: string) => [
    ...[...text.matchAll(/token=([^"'&<>\s)]+)/g)].map((m) => decodeURIComponent(m[1]!)),
    ...[...text.matchAll(/\/wishes\/manage\/([^"'/?#<>\s)]+)/g)].map((m) => m[1]!),
  ];
  const resetWorks = async (token: string) =>
    (await (await fetch(`${server.url}/reset?token=${encodeURIComponent(token)}`)).text()).includes('Set new password');

  it('shows the author no working link to a member’s reset, and logs none', async () => {
    const asked = await postForm(server.url, '/reset?_action=auth.requestReset', { email: MEMBER });
    expect(asked.status).toBe(303);
    const mail = await mailTo(MEMBER, 'Reset your password');
    const resetUrl = smtp.linksIn(mail).find((l) => new URL(l).pathname === '/reset')!;
    const token = new URL(resetUrl).searchParams.get('token')!;
    expect(await resetWorks(token)).toBe(true); // the member's own mail works

    const list = await asAuthor('/admin/mail');
    const id = new RegExp(`href="/admin/mail\\?id=(\\d+)"[^>]*>Reset your password`).exec(list)?.[1];
    expect(id, list).toBeDefined();
    const opened = await asAuthor(`/admin/mail?id=${id}`);
    expect(opened).toContain(MEMBER);
    expect(opened).toContain('/reset?token=(hidden)');
    expect(opened).toContain('so it is hidden here');
    for (const page of [list, opened]) {
      expect(page).not.toContain(token);
      for (const candidate of candidates(page)) expect(await resetWorks(candidate), candidate).toBe(false);
    }

    // A visit to a manage link and to the reset link itself: the log keeps the path, never a token.
    const manageToken = 'M'.repeat(20) + 'a1_-'.repeat(5) + 'xyz';
    await fetch(`${server.url}/wishes/manage/${manageToken}`);
    await new Promise((r) => setTimeout(r, 300));
    const log = server.output();
    expect(log).not.toContain(token);
    expect(log).not.toContain(manageToken);
    const paths = logLines(log).map((l) => l.path);
    expect(paths).toContain('/wishes/manage/[token]');
    expect(paths).toContain('/reset');
    for (const candidate of candidates(log)) expect(await resetWorks(candidate), candidate).toBe(false);
  });

  it('confirms an email address on POST only: following the link with GET changes nothing', async () => {
    const email = uniqueEmail('scanned');
    const signup = await postForm(server.url, '/signup?_action=auth.signUp', {
      name: 'Sam Scanned',
      email,
      password: 'a long enough password',
    });
    expect(signup.status).toBe(303);
    const verifyUrl = smtp
      .linksIn(await mailTo(email, 'Confirm your email address'))
      .find((l) => new URL(l).pathname === '/verify')!;
    // What a mail scanner does, twice.
    for (let i = 0; i < 2; i++) {
      const scanned = await fetch(verifyUrl);
      expect(scanned.status).toBe(200);
      const html = await scanned.text();
      expect(html).not.toContain('is confirmed');
      expect(html).toContain('Yes, confirm my email address');
      expect(html).toMatch(/<form method="POST" action="\/verify\?token=[^"]+">/);
    }
    const confirmed = await postForm(server.url, verifyUrl, {});
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain(`${email} is confirmed`);
    expect((await postForm(server.url, verifyUrl, {})).status).toBe(403);
  });

  it('mails a visitor a fresh manage link from the wish page, saying the same for any address', async () => {
    const html = await (await fetch(`${server.url}${wishPage}`)).text();
    expect(html).toContain('Lost your private link?');
    expect(html).toMatch(/<form[^>]+method="POST"[^>]+action="\?_action=wishLoop\.lostLink#lost-link"/);
    const ask = (email: string) =>
      postForm(server.url, `${wishPage}?_action=wishLoop.lostLink`, { wish_id: wishPage.split('/').at(-1)!, email });
    // Vera's address was never confirmed: her first ask brings only the confirmation (none of her wish's words).
    expect((await ask(VISITOR)).status).toBe(303);
    const confirmation = await mailTo(VISITOR, 'Confirm: email me about my wish or offer');
    expect(confirmation.text).not.toContain('/wishes/manage/');
    const confirmUrl = smtp.linksIn(confirmation).find((l) => new URL(l).pathname === '/confirm-replies')!;
    expect((await postForm(server.url, confirmUrl, {})).status).toBe(200);
    const stranger = await ask('someone.else@example.test');
    const vera = await ask(VISITOR.toUpperCase());
    expect(stranger.status).toBe(303);
    expect(vera.headers.get('location')).toBe(stranger.headers.get('location'));
    expect(vera.headers.get('location')).toBe(`${wishPage}?link=sent#lost-link`);
    expect(await (await fetch(`${server.url}${wishPage}?link=sent`)).text()).toContain('a new link is on its way');

    const mail = await mailTo(VISITOR, 'Your wish on Wishcast: a new private link');
    const manageUrl = smtp.linksIn(mail).find((l) => new URL(l).pathname.startsWith('/wishes/manage/'))!;
    const opened = await fetch(manageUrl);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('Vera wishes for a choir');
    await new Promise((r) => setTimeout(r, 2500)); // a worker tick: nothing for the stranger
    expect(smtp.messages.filter((m) => m.to === 'someone.else@example.test')).toEqual([]);
    // The visit is logged without its token.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.output()).not.toContain(new URL(manageUrl).pathname.split('/').at(-1)!);
  });
});
