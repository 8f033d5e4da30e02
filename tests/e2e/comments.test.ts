// Threaded comments in a real browser with JavaScript off, on the built server, on each database.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { dbTargets } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import { submitForm } from '../helpers/page.ts';
import {
  cookieFrom,
  createTestSite,
  postForm,
  startServer,
  type RunningServer,
  type TestSite,
} from '../helpers/server.ts';

interface Fixtures {
  slug: string;
  postId: number;
  draftId: number;
  emails: { author: string; ann: string; ben: string };
}

const RENAMED_FROM = 'threads-before-renaming';

/** A site with an author, two readers, a published post and a draft, created before the server starts. */
async function seed(site: TestSite): Promise<Fixtures> {
  const db = site.openDb();
  try {
    const emails = { author: uniqueEmail('author'), ann: uniqueEmail('ann'), ben: uniqueEmail('ben') };
    const author = await makeConfirmedAccount(db, { name: 'Alma Author', email: emails.author, role: 'author' });
    await makeConfirmedAccount(db, { name: 'Ann', email: emails.ann });
    await makeConfirmedAccount(db, { name: 'Ben', email: emails.ben });
    const post = await makePost(db, {
      title: 'Threads and wishes',
      authorId: author.id,
      publishedAt: new Date(Date.now() - 3_600_000),
    });
    const draft = await makePost(db, { title: 'Not yet', status: 'draft', publishedAt: null });
    // The post's address before a rename, still answered (with a move) for old links.
    await db.insertInto('post_slug_redirects').values({ old_slug: RENAMED_FROM, post_id: post.id }).execute();
    return { slug: post.slug, postId: post.id, draftId: draft.id, emails };
  } finally {
    await db.destroy();
  }
}

async function logIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  expect(await submitForm(page, 'Log in')).toBe(200);
  return page;
}

/** The id in the address after a comment was posted (…#comment-<id>). */
function commentIdFrom(page: Page): number {
  const match = /#comment-(\d+)$/.exec(page.url());
  expect(match, `no comment anchor in ${page.url()}`).not.toBeNull();
  return Number(match![1]);
}

describe.skipIf(!hasChromium).each(dbTargets)('threaded comments without JavaScript on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let browser: Browser;
  let f: Fixtures;

  beforeAll(async () => {
    site = await createTestSite(target);
    f = await seed(site);
    // Everyone here posts from 127.0.0.1; the limits are tested on their own below.
    server = await startServer(site, { RATE_LIMIT_FACTOR: '100' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await site?.cleanup();
  });

  it('nests a reply to a reply three levels deep, each inside its parent, with names', async () => {
    const annContext = await noScriptContext(browser, server.url);
    const benContext = await noScriptContext(browser, server.url);
    const ann = await logIn(annContext, f.emails.ann);
    const ben = await logIn(benContext, f.emails.ben);

    await ann.goto(`/posts/${f.slug}`);
    await ann.getByLabel('Comment', { exact: true }).fill('What a *lovely* post.');
    expect(await submitForm(ann, 'Post comment')).toBe(200);
    const first = commentIdFrom(ann);

    await ben.goto(`/posts/${f.slug}`);
    await Promise.all([ben.waitForEvent('load'), ben.getByRole('link', { name: 'Reply to Ann' }).click()]);
    expect(ben.url()).toContain(`replyto=${first}`);
    await expect(ben.locator('#comment-form h3').textContent()).resolves.toBe('Replying to Ann');
    await ben.getByLabel('Comment', { exact: true }).fill('Agreed, Ann!');
    expect(await submitForm(ben, 'Post reply')).toBe(200);
    const second = commentIdFrom(ben);

    await ann.goto(`/posts/${f.slug}`);
    await Promise.all([ann.waitForEvent('load'), ann.getByRole('link', { name: 'Reply to Ben' }).click()]);
    await ann.getByLabel('Comment', { exact: true }).fill('Thank you, Ben.');
    expect(await submitForm(ann, 'Post reply')).toBe(200);
    const third = commentIdFrom(ann);

    const reader = await (await noScriptContext(browser, server.url)).newPage();
    await reader.goto(`/posts/${f.slug}`);
    const nested = reader.locator(`#comment-${first} #comment-${second} #comment-${third}`);
    await expect(nested.count()).resolves.toBe(1);
    const author = (id: number) => reader.locator(`#comment-${id} > header .cm-name`).textContent();
    await expect(author(first)).resolves.toBe('Ann');
    await expect(author(second)).resolves.toBe('Ben');
    await expect(author(third)).resolves.toBe('Ann');
    await expect(reader.locator(`#comment-${first} > header`).textContent()).resolves.toMatch(/Ann\s+said…/);
    await expect(reader.locator(`#comment-${first} > .cm-body`).innerHTML()).resolves.toBe(
      '<p>What a <em>lovely</em> post.</p>',
    );
    await expect(reader.locator(`#comment-${first} > header a.cm-link`).getAttribute('href')).resolves.toBe(
      `#comment-${first}`,
    );
    await expect(reader.locator('#comments-heading').textContent()).resolves.toBe('3 comments');
    expect(await reader.locator('script').count()).toBe(0);
    await Promise.all([annContext.close(), benContext.close(), reader.context().close()]);
  });

  it('holds a visitor’s comment, shown to them alone, until the author approves it', async () => {
    const text = `Hello from a passing visitor ${Date.now()}`;
    const visitorContext = await noScriptContext(browser, server.url);
    const visitor = await visitorContext.newPage();
    await visitor.goto(`/posts/${f.slug}`);
    await visitor.getByLabel('Name').fill('Vic Visitor');
    // The post's page also has the follow form's Email field: the comment form's own.
    await visitor.locator('#comment-form').getByLabel('Email', { exact: true }).fill('vic@example.org');
    await visitor.getByLabel('Comment', { exact: true }).fill(text);
    expect(await submitForm(visitor, 'Post comment')).toBe(200);
    const id = commentIdFrom(visitor);
    const mine = visitor.locator(`#comment-${id}`);
    await expect(mine.textContent()).resolves.toContain('Your comment is awaiting moderation.');
    await expect(mine.textContent()).resolves.toContain(text);
    await expect(visitor.content()).resolves.not.toContain('vic@example.org');

    const otherContext = await noScriptContext(browser, server.url);
    const other = await otherContext.newPage();
    await other.goto(`/posts/${f.slug}`);
    expect(await other.locator(`#comment-${id}`).count()).toBe(0);
    await expect(other.content()).resolves.not.toContain(text);

    const authorContext = await noScriptContext(browser, server.url);
    const author = await logIn(authorContext, f.emails.author);
    await author.goto('/admin/comments');
    await expect(author.locator('.admin-nav').textContent()).resolves.toMatch(/Comments\s*1/);
    const item = author.locator('li.queue-item', { hasText: text });
    await expect(item.textContent()).resolves.toContain('Pending');
    await expect(item.textContent()).resolves.toContain('vic@example.org');
    await Promise.all([
      author.waitForEvent('load'),
      item.getByRole('button', { name: 'Approve', exact: true }).click(),
    ]);
    expect(author.url()).toBe(`${server.url}/admin/comments`);
    await expect(author.locator('li.queue-item', { hasText: text }).textContent()).resolves.toContain('Approved');

    await other.reload();
    await expect(other.locator(`#comment-${id}`).textContent()).resolves.toContain(text);
    await expect(other.locator(`#comment-${id}`).textContent()).resolves.not.toContain('awaiting moderation');
    await Promise.all([visitorContext.close(), otherContext.close(), authorContext.close()]);
  });

  it('moderates a selection with checkboxes, and lets the author close and reopen comments', async () => {
    const context = await noScriptContext(browser, server.url);
    const page = await context.newPage();
    const texts = ['Bulk one', 'Bulk two'].map((t) => `${t} ${Date.now()}`);
    for (const [i, text] of texts.entries()) {
      await page.goto(`/posts/${f.slug}`);
      await page.getByLabel('Name').fill(`Bulk Visitor ${i}`);
      await page.locator('#comment-form').getByLabel('Email', { exact: true }).fill(`bulk${i}@example.org`);
      await page.getByLabel('Comment', { exact: true }).fill(text);
      expect(await submitForm(page, 'Post comment')).toBe(200);
    }
    const author = await logIn(context, f.emails.author);
    await author.goto('/admin/comments?status=pending');
    for (const text of texts) await author.locator('li.queue-item', { hasText: text }).getByRole('checkbox').check();
    expect(await submitForm(author, 'Mark selected as spam')).toBe(200);
    await author.goto('/admin/comments?status=spam');
    for (const text of texts) {
      await expect(author.locator('li.queue-item', { hasText: text }).count()).resolves.toBe(1);
    }
    expect(await submitForm(author, 'Delete selected')).toBe(400); // nothing selected
    await expect(author.locator('.field-error').textContent()).resolves.toBe('Select at least one comment.');

    await author.goto(`/posts/${f.slug}`);
    expect(await submitForm(author, 'Close comments on this post')).toBe(200);
    expect(author.url()).toBe(`${server.url}/posts/${f.slug}#comments`);
    await expect(author.locator('#comments').textContent()).resolves.toContain('Comments are closed on this post.');
    expect(await author.locator('#comment-form').count()).toBe(0);
    expect(await submitForm(author, 'Open comments on this post')).toBe(200);
    expect(await author.locator('#comment-form').count()).toBe(1);
    await context.close();
  });

  it('lets a reader edit and delete their own comment', async () => {
    const context = await noScriptContext(browser, server.url);
    const page = await logIn(context, f.emails.ben);
    await page.goto(`/posts/${f.slug}`);
    await page.getByLabel('Comment', { exact: true }).fill('Tpyo here');
    expect(await submitForm(page, 'Post comment')).toBe(200);
    const id = commentIdFrom(page);
    await Promise.all([
      page.waitForEvent('load'),
      page.locator(`#comment-${id}`).getByRole('link', { name: 'Edit' }).click(),
    ]);
    await page.getByLabel('Comment', { exact: true }).fill('Typo fixed');
    expect(await submitForm(page, 'Save changes')).toBe(200);
    await expect(page.locator(`#comment-${id} > .cm-body`).textContent()).resolves.toBe('Typo fixed');

    await Promise.all([
      page.waitForEvent('load'),
      page.locator(`#comment-${id}`).getByRole('link', { name: 'Delete' }).click(),
    ]);
    expect(await submitForm(page, 'Delete comment')).toBe(200);
    expect(await page.locator(`#comment-${id}`).count()).toBe(0);
    await context.close();
  });

  it('answers bad and forged input with 4xx, the text kept, never 5xx', async () => {
    const path = `/posts/${f.slug}?_action=comments.create`;
    const visitor = { name: 'Forger', email: 'forger@example.org' };
    const post = (fields: Record<string, string>) => postForm(server.url, path, { ...visitor, ...fields });
    const cases: [Record<string, string>, number][] = [
      [{ post_id: 'abc', body: 'x' }, 400],
      [{ post_id: '-5', body: 'x' }, 400],
      [{ post_id: '99999999999999', body: 'x' }, 400],
      [{ post_id: String(f.postId), parent_id: 'x', body: 'x' }, 400],
      [{ post_id: String(f.postId), parent_id: '2147483647', body: 'x' }, 404],
      [{ post_id: String(f.draftId), body: 'x' }, 404],
      [{ post_id: '2000000000', body: 'x' }, 404],
      [{ post_id: String(f.postId), body: 'bell\u0007' }, 400],
    ];
    for (const [fields, status] of cases) {
      const res = await post(fields);
      expect(res.status, JSON.stringify(fields)).toBe(status);
    }
    const long = 'L'.repeat(10_001);
    const res = await post({ post_id: String(f.postId), body: long });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Comment must be at most 10,000 characters.');
    expect(html).toContain(long);
    expect(html).toContain('value="Forger"');

    const empty = await post({ post_id: String(f.postId), body: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('id="field-body-error"');

    // The honeypot: told all went well, nothing saved.
    const bot = await post({ post_id: String(f.postId), body: 'Buy now', website_url_confirm: 'http://bot.example' });
    expect(bot.status).toBe(303);
    expect(bot.headers.get('location')).toBe(`/posts/${f.slug}#comments`);
    const page = await (await fetch(`${server.url}/posts/${f.slug}`, { headers: { cookie: cookieFrom(bot) } })).text();
    expect(page).not.toContain('Buy now');
  });

  it("answers a comment posted at a renamed post's old address with the comment, not a move", async () => {
    // The form is answered (POST/redirect/GET) before the post is looked up by its address.
    const res = await postForm(server.url, `/posts/${RENAMED_FROM}?_action=comments.create`, {
      post_id: String(f.postId),
      name: 'Old Link',
      email: 'old-link@example.org',
      body: 'Found this through an old link.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/posts/${f.slug}#comment`));
  });

  it('keeps the queue and settings to authors', async () => {
    const visitorRes = await fetch(`${server.url}/admin/comments`, { redirect: 'manual' });
    expect(visitorRes.status).toBe(303);
    expect(visitorRes.headers.get('location')).toMatch(/^\/login\?next=/);
    const login = await postForm(server.url, '/login?_action=auth.logIn', {
      email: f.emails.ann,
      password: TEST_PASSWORD,
    });
    const cookie = cookieFrom(login);
    for (const path of ['/admin/comments', '/admin/settings']) {
      expect((await fetch(`${server.url}${path}`, { headers: { cookie } })).status).toBe(403);
    }
    const forged = await postForm(
      server.url,
      '/admin/comments?_action=comments.moderate',
      { ids: '1', decision: 'delete' },
      { cookie },
    );
    expect(forged.status).toBe(403);
  });

  it('serves the approved comments as RSS, newest first, with absolute links', async () => {
    const res = await fetch(`${server.url}/posts/${f.slug}/comments.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('xml');
    const feed = new XMLParser().parse(await res.text()) as {
      rss: { channel: { title: string; item: { title: string; link: string; pubDate: string }[] } };
    };
    const items = feed.rss.channel.item;
    expect(feed.rss.channel.title).toBe('Comments on Threads and wishes');
    expect(items.length).toBeGreaterThanOrEqual(4);
    for (const item of items) expect(item.link).toMatch(new RegExp(`^${server.url}/posts/${f.slug}#comment-\\d+$`));
    const times = items.map((i) => Date.parse(i.pubDate));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(items.map((i) => i.title)).not.toContain('Bulk Visitor 0 on Threads and wishes');
    expect((await fetch(`${server.url}/posts/no-such-post/comments.xml`)).status).toBe(404);
  });
});

describe.each(dbTargets)('comment rate limits over HTTP on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let f: Fixtures;

  beforeAll(async () => {
    site = await createTestSite(target);
    f = await seed(site);
    server = await startServer(site);
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  it('answers a second comment within 10 seconds with 429, the form and text kept', async () => {
    const path = `/posts/${f.slug}?_action=comments.create`;
    const fields = { post_id: String(f.postId), name: 'Quick', email: 'quick@example.org' };
    const first = await postForm(server.url, path, { ...fields, body: 'First quick one' });
    expect(first.status).toBe(303);
    const second = await postForm(server.url, path, { ...fields, body: 'Second, too soon' });
    expect(second.status).toBe(429);
    const html = await second.text();
    expect(html).toMatch(/You are going a little fast\. Please try again in \d+ seconds?\./);
    expect(html).toContain('Second, too soon');
    expect(html).toContain('value="Quick"');
  });
});
