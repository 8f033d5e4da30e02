// Threads are rendered once per content version and shared: a new comment must
// still show on the very next request, to signed-in and anonymous readers, on
// every app process (two on PostgreSQL), however the comment was posted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import {
  cookieFrom,
  createTestSite,
  postForm,
  startServer,
  type RunningServer,
  type TestSite,
} from '../helpers/server.ts';

describe.each(dbTargets)('a new comment on a cached thread on %s', (target) => {
  let site: TestSite;
  /** Where comments are posted, and where they are read (a second process on PostgreSQL). */
  let writer: RunningServer;
  let reader: RunningServer;
  let slug: string;
  let postId: number;
  const emails = { ann: uniqueEmail('ann'), ben: uniqueEmail('ben') };
  const cookies = { ann: '', ben: '' };

  const logIn = async (server: RunningServer, email: string) =>
    cookieFrom(await postForm(server.url, '/login?_action=auth.logIn', { email, password: TEST_PASSWORD }));
  const page = async (server: RunningServer, cookie = '') => {
    const res = await fetch(`${server.url}/posts/${slug}`, { headers: cookie ? { cookie } : {} });
    expect(res.status).toBe(200);
    return res.text();
  };
  const comment = (html: string, id: number) => {
    const start = html.indexOf(`<article id="comment-${id}"`);
    return start === -1 ? null : html.slice(start, html.indexOf('</article>', start));
  };

  beforeAll(async () => {
    site = await createTestSite(target);
    const db = site.openDb();
    try {
      const author = await makeConfirmedAccount(db, { name: 'Alma Author', role: 'author' });
      await makeConfirmedAccount(db, { name: 'Ann', email: emails.ann });
      await makeConfirmedAccount(db, { name: 'Ben', email: emails.ben });
      const post = await makePost(db, { authorId: author.id, publishedAt: new Date(Date.now() - 3_600_000) });
      slug = post.slug;
      postId = post.id;
    } finally {
      await db.destroy();
    }
    const env = { RATE_LIMIT_FACTOR: '100' };
    writer = await startServer(site, env);
    reader = target === 'postgres' ? await startServer(site, env) : writer;
    cookies.ann = await logIn(reader, emails.ann);
    cookies.ben = await logIn(writer, emails.ben);
    expect(cookies.ann).not.toBe('');
    expect(cookies.ben).not.toBe('');
  });
  afterAll(async () => {
    await writer?.stop();
    if (reader !== writer) await reader?.stop();
    await site?.cleanup();
  });

  it('shows a comment posted through the form on the next request to a signed-in and an anonymous reader', async () => {
    // Both pages are now rendered and cached by the process that will be asked next.
    expect(await page(reader, cookies.ann)).toContain('No comments yet.');
    expect(await page(reader)).toContain('No comments yet.');

    const posted = await postForm(
      writer.url,
      `/posts/${slug}?_action=comments.create`,
      { post_id: String(postId), body: 'First, through the form.' },
      { cookie: cookies.ben },
    );
    expect(posted.status).toBe(303);
    const id = Number(/#comment-(\d+)$/.exec(posted.headers.get('location') ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);

    for (const html of [await page(reader, cookies.ann), await page(reader)]) {
      expect(comment(html, id)).toContain('First, through the form.');
      expect(comment(html, id)).toMatch(/Ben(?:<\/a>)?<\/b> said…/);
      expect(html).toContain('<h2 id="comments-heading">1 comment</h2>');
    }
    // Ben's own Delete link is his alone.
    expect(comment(await page(writer, cookies.ben), id)).toContain(`href="/comments/${id}/delete"`);
    expect(comment(await page(reader, cookies.ann), id)).not.toContain('/delete');
  });

  it('shows a comment posted through the actions endpoint (no form redirect) on the next request', async () => {
    await page(reader, cookies.ann);
    await page(reader);
    const res = await fetch(`${writer.url}/_actions/comments.create`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: writer.url,
        cookie: cookies.ben,
      },
      body: new URLSearchParams({ post_id: String(postId), body: 'Second, without a redirect.' }),
    });
    expect(res.status).toBe(200);
    for (const html of [await page(reader, cookies.ann), await page(reader)]) {
      expect(html).toContain('Second, without a redirect.');
      expect(html).toContain('<h2 id="comments-heading">2 comments</h2>');
    }
  });

  it('shows a reader’s reply nested in place and their own controls, while others see neither control', async () => {
    const first = /<article id="comment-(\d+)"/.exec(await page(reader))![1]!;
    const posted = await postForm(
      reader.url,
      `/posts/${slug}?_action=comments.create`,
      { post_id: String(postId), parent_id: first, body: 'Ann replies to the first.' },
      { cookie: cookies.ann },
    );
    expect(posted.status).toBe(303);
    const id = Number(/#comment-(\d+)$/.exec(posted.headers.get('location') ?? '')?.[1]);
    const mine = await page(reader, cookies.ann);
    expect(comment(mine, Number(first))).toContain(`<article id="comment-${id}"`);
    expect(comment(mine, id)).toContain(`href="/comments/${id}/edit"`);
    const bens = await page(writer, cookies.ben);
    expect(comment(bens, id)).toContain('Ann replies to the first.');
    expect(comment(bens, id)).not.toContain(`/comments/${id}/`);
  });
});
