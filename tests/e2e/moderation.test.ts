// Issue 29's "done when", against the built server with JavaScript off (plain
// form posts): the author invites a moderator by mail, who accepts, approves a
// held wish, sees no email address and cannot open a private thread (403) or any
// other admin page; everything lands on the audit trail; three readers' reports
// hide a comment until reviewed; the spam filter's verdict and its off switch; a blocked address's
// next comment goes to spam while its writer sees it as held; the role is taken back.
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
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';

const PASSWORD = 'moderation test password';
const BOARD = '2026-11-25';

describe.each(dbTargets)('moderation on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let smtp: TestSmtp;
  let heldWishId: number;
  let acceptedOfferId: number;
  let author = '';
  let mo = '';

  beforeAll(async () => {
    smtp = await startTestSmtp();
    site = await createTestSite(target);
    const db = site.openDb();
    try {
      await createConfirmedAccount(db, { name: 'Ada', email: 'author@example.test', password: PASSWORD }, 'author');
      await createConfirmedAccount(db, { name: 'Mo', email: 'mo@example.test', password: PASSWORD });
      await makePost(db, { title: 'Open thread', slug: 'open-thread' });
      const at = new Date('2026-11-25T09:00:00Z');
      const board = await db
        .insertInto('boards')
        .values({ wish_date: BOARD, prompt: 'What would help?', opened_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const wish = (name: string, email: string, body: string, status: 'approved' | 'pending') =>
        db
          .insertInto('wishes')
          .values({
            board_id: board.id,
            user_id: null,
            author_name: name,
            author_email: email,
            body_md: body,
            body_html: `<p>${body}</p>`,
            status,
            granted_at: null,
            thank_you_md: null,
            thank_you_html: null,
            visitor_token_hash: null,
            ip: null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      const open = await wish('Wendy', 'wendy@example.test', 'I wish for a mentor.', 'approved');
      heldWishId = (await wish('Hal', 'hal@example.test', 'I wish for a held hello.', 'pending')).id;
      acceptedOfferId = (
        await db
          .insertInto('offers')
          .values({
            wish_id: open.id,
            user_id: null,
            author_name: 'Olive',
            author_email: 'olive@example.test',
            kind: 'skill',
            body_md: 'I can mentor you.',
            body_html: '<p>I can mentor you.</p>',
            status: 'approved',
            accepted_at: at,
            visitor_token_hash: null,
            ip: null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } finally {
      await db.destroy();
    }
    server = await startServer(site, {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Wishcast Test <hello@wishcast.test>',
      // Several comments a minute from one address and account.
      RATE_LIMIT_FACTOR: '100',
    });
    const logIn = async (email: string) =>
      cookieFrom(await postForm(server.url, '/login?_action=auth.logIn', { email, password: PASSWORD }));
    author = await logIn('author@example.test');
    mo = await logIn('mo@example.test');
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
    await smtp?.stop();
  });

  const get = (path: string, cookie = '') =>
    fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

  it('the author invites Mo by mail; Mo accepts with the button and reaches the queues', async () => {
    expect((await get('/admin/comments', mo)).status).toBe(403);
    const invite = await postForm(
      server.url,
      '/admin/moderators?_action=moderators.invite',
      { email: 'mo@example.test' },
      { cookie: author },
    );
    expect(invite.status).toBe(303);
    const mail = await smtp.mailTo('mo@example.test', 'Ada invites you to help moderate');
    const link = smtp.linksIn(mail).find((l) => new URL(l).pathname === '/moderator-invite')!;
    const path = new URL(link).pathname + new URL(link).search;
    // Opening the link changes nothing; signed out, it asks to sign in.
    expect(await (await get(path)).text()).toContain('Log in');
    const page = await (await get(path, mo)).text();
    const action = /<form method="POST" action="([^"]*moderators\.accept)"/.exec(page)![1]!.replaceAll('&amp;', '&');
    const token = new URL(link).searchParams.get('token')!;
    const accepted = await postForm(server.url, action, { token }, { cookie: mo });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/admin/comments?welcome=1');
    expect((await get('/admin/comments', mo)).status).toBe(200);
    // Spent.
    expect((await get(path, mo)).status).toBe(404);
  });

  it('Mo approves the held wish, sees no email address, and gets 403 on a private thread and every author page', async () => {
    const queue = await (await get('/admin/wishes', mo)).text();
    expect(queue).toContain('I wish for a held hello.');
    expect(queue).not.toContain('hal@example.test');
    expect(await (await get('/admin/wishes', author)).text()).toContain('hal@example.test');
    expect((await get(`/wishes/${BOARD}/${heldWishId}`)).status).toBe(404);
    const approve = await postForm(
      server.url,
      '/admin/wishes?_action=wishes.moderate',
      { target: 'wish', id: String(heldWishId), status: 'approved' },
      { cookie: mo },
    );
    expect(approve.status).toBe(303);
    const published = await get(`/wishes/${BOARD}/${heldWishId}`);
    expect(published.status).toBe(200);
    expect(await published.text()).toContain('I wish for a held hello.');

    expect((await get(`/admin/threads/${acceptedOfferId}`, mo)).status).toBe(403);
    const asAuthor = await get(`/admin/threads/${acceptedOfferId}`, author);
    expect(asAuthor.status).toBe(200);
    expect(await asAuthor.text()).toContain('Private conversation');
    for (const path of [
      '/admin',
      '/admin/posts/new',
      '/admin/settings',
      '/admin/privacy',
      '/admin/audit',
      '/admin/moderators',
      '/admin/blocks',
      '/admin/subscribers',
      '/admin/mail',
      '/admin/export/json',
    ]) {
      expect((await get(path, mo)).status, path).toBe(403);
    }
    const settings = await postForm(
      server.url,
      '/admin/settings?_action=settings.update',
      { site_name: 'Taken over' },
      { cookie: mo },
    );
    expect(settings.status).toBe(403);
  });

  it('puts every step on the audit trail: who, what, subject and from where', async () => {
    const trail = await (await get('/admin/audit', author)).text();
    for (const action of ['role.invite', 'role.grant', 'wish.approved']) expect(trail).toContain(action);
    expect(trail).toContain(`wish ${heldWishId}`);
    expect(trail).toMatch(/<td[^>]*>Mo<\/td>/);
    expect(trail).toContain('127.0.0.1');
  });

  it('three readers’ reports hide a comment until a moderator keeps it', async () => {
    const postPage = await (await get('/posts/open-thread')).text();
    const postId = /name="post_id" value="(\d+)"/.exec(postPage)![1]!;
    const made = await postForm(
      server.url,
      '/posts/open-thread?_action=comments.create',
      { post_id: postId, parent_id: '', body: 'A rude remark' },
      { cookie: author },
    );
    const commentId = /#comment-(\d+)/.exec(made.headers.get('location')!)![1]!;
    expect(await (await get('/posts/open-thread')).text()).toContain(`href="/report?comment=${commentId}"`);
    const report = (cookie: string) =>
      postForm(
        server.url,
        `/report?comment=${commentId}&_action=reports.file`,
        { target: 'comment', id: commentId, reason: 'unkind', note: '' },
        cookie ? { cookie } : {},
      );
    // Two visitors (each given the visitor cookie by their report) and one member; a visitor's second report counts once.
    const first = await report('');
    expect(first.status).toBe(303);
    const firstVisitor = cookieFrom(first);
    expect((await report(firstVisitor)).status).toBe(303);
    expect(await (await get('/posts/open-thread')).text()).toContain('A rude remark');
    expect((await report('')).status).toBe(303);
    expect(await (await get('/posts/open-thread')).text()).toContain('A rude remark');
    expect((await report(mo)).status).toBe(303);
    expect(await (await get('/posts/open-thread')).text()).not.toContain('A rude remark');
    const queue = await (await get('/admin/reports', author)).text();
    expect(queue).toContain('3 readers');
    expect(queue).toContain('Unkind or hurtful (3)');
    const keep = await postForm(
      server.url,
      '/admin/reports?_action=comments.moderate',
      { ids: commentId, decision: 'approve', next: '/admin/reports?done=1' },
      { cookie: mo },
    );
    expect(keep.status).toBe(303);
    expect(await (await get('/posts/open-thread')).text()).toContain('A rude remark');
    expect(await (await get('/admin/reports', mo)).text()).toContain('No open reports.');
  });

  it('the spam filter sends a very spammy comment to spam with its reason, until the author turns it off', async () => {
    const spammy =
      'FREE VIAGRA!!! Click here to claim your cash prize now, limited time offer. Buy cheap meds online, ' +
      'no prescription, 100% guaranteed, unsubscribe to be removed from our mailing list.';
    const comment = async (body: string) => {
      const postId = /name="post_id" value="(\d+)"/.exec(await (await get('/posts/open-thread')).text())![1]!;
      const made = await postForm(
        server.url,
        '/posts/open-thread?_action=comments.create',
        { post_id: postId, parent_id: '', body },
        { cookie: mo },
      );
      expect(made.status).toBe(303);
    };
    await comment(`${spammy} One.`);
    expect(await (await get('/posts/open-thread')).text()).not.toContain('One.');
    const queue = await (await get('/admin/comments?status=spam', mo)).text();
    expect(queue).toContain('The spam filter finds it very likely spam.');
    expect(queue).toMatch(/Spam filter: spam (&gt; 99.9|\d+\.\d)%/);

    const off = await postForm(
      server.url,
      '/admin/settings?_action=settings.update',
      { moderation_words: '', blocked_words: '', close_comments_after_days: '', thread_depth: '5', spam_filter: 'off' },
      { cookie: author },
    );
    expect(off.status).toBe(303);
    expect(await (await get('/admin/settings', author)).text()).toMatch(/<option value="off" selected/);
    await comment(`${spammy} Two.`);
    expect(await (await get('/posts/open-thread')).text()).toContain('Two.');
  });

  it('a blocked address’s next comment goes to spam, shown to its writer as held', async () => {
    const block = await postForm(
      server.url,
      '/admin/blocks?_action=blocks.add',
      { kind: 'cidr', value: '127.0.0.0/8', note: 'test' },
      { cookie: author },
    );
    expect(block.status).toBe(303);
    const posted = await postForm(server.url, '/posts/open-thread?_action=comments.create', {
      post_id: /name="post_id" value="(\d+)"/.exec(await (await get('/posts/open-thread')).text())![1]!,
      parent_id: '',
      name: 'Blocked Bea',
      email: 'bea@example.test',
      body: 'Buy my things',
    });
    expect(posted.status).toBe(303);
    const visitor = cookieFrom(posted);
    const own = await (await get('/posts/open-thread', visitor)).text();
    expect(own).toMatch(/class="cm cm-held"[^]*Buy my things/);
    expect(await (await get('/posts/open-thread')).text()).not.toContain('Buy my things');
    expect(await (await get('/admin/comments?status=spam', author)).text()).toContain('Buy my things');
    expect(await (await get('/admin/comments?status=pending', author)).text()).not.toContain('Buy my things');
  });

  it('the author takes the role back: Mo is a reader again on the next request', async () => {
    const page = await (await get('/admin/moderators', author)).text();
    const userId = /name="user_id" value="([^"]+)"/.exec(page)![1]!;
    const revoke = await postForm(
      server.url,
      '/admin/moderators?_action=moderators.revoke',
      { user_id: userId },
      { cookie: author },
    );
    expect(revoke.status).toBe(303);
    expect((await get('/admin/comments', mo)).status).toBe(403);
    expect(await (await get('/admin/audit', author)).text()).toContain('role.revoke');
  });
});
