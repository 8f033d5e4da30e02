// Issue 26's "done when" for email: against the built server and a real SMTP
// server, a visitor follows by email from the form every page shows, confirms
// with the button the mail's link opens (a POST), receives the next post, and
// one click (RFC 8058, no session, no Origin) stops it and forgets the address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../helpers/db.ts';
import { createConfirmedAccount, makePost } from '../helpers/fixtures.ts';
import {
  cookieFrom,
  createTestSite,
  postForm,
  startServer,
  type RunningServer,
  type TestSite,
} from '../helpers/server.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp.ts';

const PASSWORD = 'follow test password';

/** The follower-posts job looks every 10 s and the mail job every 2 s; a busy machine gets the rest. */
const MAIL_WAIT_MS = 60_000;

describe.each(dbTargets)('following by email on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    site = await createTestSite(target);
    const db = site.openDb();
    try {
      await createConfirmedAccount(db, { name: 'Auth Or', email: 'author@example.test', password: PASSWORD }, 'author');
      await makePost(db, { slug: 'already-here', publishedAt: new Date('2026-01-01T00:00:00Z') });
    } finally {
      await db.destroy();
    }
    server = await startServer(site, { SMTP_URL: smtp.url, MAIL_FROM: 'Wishcast Test <hello@wishcast.test>' });
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
    await smtp?.stop();
  });

  const mailTo = (address: string, subject: string) => smtp.mailTo(address, subject, MAIL_WAIT_MS);
  async function follow(email: string): Promise<void> {
    await postForm(server.url, '/follow?_action=follow.request', { email, choices: 'digest' });
    const page = await (await fetch(linkTo(await mailTo(email, 'Confirm: follow by email'), '/follow/confirm'))).text();
    const action = /<form method="POST" action="([^"]+)"/.exec(page)![1]!.replaceAll('&amp;', '&');
    expect((await postForm(server.url, action, {})).status).toBe(200);
  }
  const linkTo = (mail: ReceivedMail, path: string) => smtp.linksIn(mail).find((l) => new URL(l).pathname === path)!;

  it('shows the form on the home page, under a post, on the wish board and at /follow', async () => {
    for (const path of ['/', '/posts/already-here', '/wishes', '/follow']) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      expect(html, path).toContain('action="/follow?_action=follow.request"');
      expect(html, path).toMatch(/<label for="follow-email">Email<\/label>/);
      expect(html, path).toContain('<button type="submit">Follow</button>');
    }
  });

  it('follows, confirms with a POST, receives the next post, and stops it with one click', async () => {
    const email = 'follower@example.org';
    const asked = await postForm(server.url, '/follow?_action=follow.request', { email, choices: 'posts' });
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe('/follow?sent=1');

    const confirmation = await mailTo(email, 'Confirm: follow by email');
    const confirmUrl = linkTo(confirmation, '/follow/confirm');
    // Opening the link confirms nothing: it shows a button.
    const page = await (await fetch(confirmUrl)).text();
    expect(page).toContain('Yes, follow by email');
    expect(page).toContain('Every new post');
    const action = /<form method="POST" action="([^"]+)"/.exec(page)![1]!.replaceAll('&amp;', '&');
    expect((await postForm(server.url, action, {}, { origin: 'https://evil.example' })).status).toBe(403);
    const confirmed = await postForm(server.url, action, {});
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('now follows this site');

    // The author publishes the next post through the editor, as on the site.
    const author = cookieFrom(
      await postForm(server.url, '/login?_action=auth.logIn', { email: 'author@example.test', password: PASSWORD }),
    );
    const published = await postForm(
      server.url,
      '/admin/posts/new?_action=posts.save',
      { title: 'News for followers', body: 'What is new this week.', intent: 'publish' },
      { cookie: author },
    );
    expect(published.status).toBe(303);
    const news = await mailTo(email, 'News for followers');
    expect(linkTo(news, '/posts/news-for-followers')).toBe(`${server.url}/posts/news-for-followers`);
    expect(news.rawHeaders.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const stop = news.rawHeaders.get('list-unsubscribe')!.slice(1, -1);
    const manage = linkTo(news, '/follow/manage');
    const managePage = await (await fetch(manage)).text();
    expect(managePage).toContain('value="posts" checked');
    // Their data, on the page their own link opens.
    expect(managePage).toContain('<dd>follower@example.org</dd>');

    // The page the visible link opens asks first, and its button says where to change things afterwards.
    const stopPage = await (await fetch(stop)).text();
    expect(stopPage).toContain('Stop “Every new post (you follow by email)” emails');
    const stopAction = /<form method="POST" action="([^"]+)"/.exec(stopPage)![1]!.replaceAll('&amp;', '&');
    const stopped = await (await postForm(server.url, stopAction, {})).text();
    expect(stopped).toContain(
      `href="/follow/manage?token=${encodeURIComponent(new URL(stop).searchParams.get('token')!)}"`,
    );
    // One click (the mail program's POST) works too, and again changes nothing more.
    const oneClick = await fetch(stop, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await (await fetch(manage)).text()).toContain('does not follow this site');
  });

  it("lists, exports, removes and imports followers on the author's page", async () => {
    await follow('kept@example.org');
    const author = cookieFrom(
      await postForm(server.url, '/login?_action=auth.logIn', { email: 'author@example.test', password: PASSWORD }),
    );
    const account = await (await fetch(`${server.url}/account`, { headers: { cookie: author } })).text();
    expect(account).toContain('action="/follow?_action=follow.request"');
    expect(account).toMatch(/id="follow-email"[^>]*value="author@example.test"/);
    const page = await (await fetch(`${server.url}/admin/subscribers?q=kept`, { headers: { cookie: author } })).text();
    expect(page).toContain('<td>kept@example.org</td>');
    expect(page).toMatch(/\b1 confirmed/);

    expect((await fetch(`${server.url}/admin/subscribers/export.csv`)).status).toBe(403);
    const csv = await fetch(`${server.url}/admin/subscribers/export.csv`, { headers: { cookie: author } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toMatch(
      /^email,posts,wish_day,digest,source,created_at,confirmed_at\nkept@example\.org,no,no,yes,form,/m,
    );

    const upload = (agreed: boolean) => {
      const form = new FormData();
      form.append('file', new File(['email\nimported@example.org\n'], 'list.csv', { type: 'text/csv' }));
      form.append('choices', 'posts');
      if (agreed) form.append('agreed', 'yes');
      return fetch(`${server.url}/admin/subscribers?_action=follow.import`, {
        method: 'POST',
        headers: { cookie: author, origin: server.url },
        body: form,
      });
    };
    const refused = await upload(false);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('agreed to get mail from this site');
    const imported = await upload(true);
    expect(imported.status).toBe(200);
    expect(await imported.text()).toContain('Asked 1 to confirm');
    const asked = await mailTo('imported@example.org', 'Confirm: follow by email');
    expect(asked.text).toContain('The author of this site added this address');

    const removed = await postForm(
      server.url,
      '/admin/subscribers?_action=follow.remove',
      { email: 'kept@example.org' },
      { cookie: author },
    );
    expect(removed.status).toBe(303);
    const after = await (await fetch(`${server.url}/admin/subscribers`, { headers: { cookie: author } })).text();
    expect(after).not.toContain('kept@example.org');
  });
});
