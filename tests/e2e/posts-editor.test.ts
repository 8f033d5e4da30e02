// The author writes, previews, publishes, edits and deletes posts in Chromium
// with JavaScript off; readers find them on /, /tags/<tag> and in /rss.xml.
import { XMLParser } from 'fast-xml-parser';
import { unescape } from 'html-escaper';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { dbTargets } from '../helpers/db.ts';
import { submitForm } from '../helpers/page.ts';
import { postForm, startServer, type RunningServer } from '../helpers/server.ts';
import { createSiteWithPeople, fillPost, logIn, type SiteWithPeople } from './posts-support.ts';

const BODY = [
  '## A small practice',
  '',
  'Ask **what you can do** first.',
  '',
  '- listen',
  '- offer',
  '- follow up',
].join('\n');

describe.skipIf(!hasChromium).each(dbTargets)('writing posts in Chromium without JavaScript on %s', (target) => {
  let people: SiteWithPeople;
  let server: RunningServer;
  let browser: Browser;
  let authorContext: BrowserContext;
  let author: Page;
  let readerContext: BrowserContext;
  let reader: Page;

  beforeAll(async () => {
    people = await createSiteWithPeople(target);
    server = await startServer(people.site, { SITE_TIMEZONE: 'Europe/Berlin' });
    browser = await launchBrowser();
    authorContext = await noScriptContext(browser, server.url);
    author = await logIn(authorContext, people.author.email);
    readerContext = await noScriptContext(browser, server.url);
    reader = await readerContext.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await people?.site.cleanup();
  });

  it('previews, then publishes a Markdown post with tags that readers find everywhere', async () => {
    await author.goto('/admin');
    await author.getByRole('link', { name: 'New post' }).click();
    await fillPost(author, { title: 'Café Chats & Friends', body: BODY, tags: 'networking, Wish Day' });

    // Preview renders on the server, keeps the form, saves nothing.
    expect(await submitForm(author, 'Preview')).toBe(200);
    await expect(author.locator('.preview .post-body strong').textContent()).resolves.toBe('what you can do');
    expect(await author.getByLabel('Title').inputValue()).toBe('Café Chats & Friends');
    expect(await author.getByLabel('Body (Markdown)').inputValue()).toBe(BODY);
    expect((await fetch(`${server.url}/posts/cafe-chats-friends`)).status).toBe(404);

    expect(await submitForm(author, /^Publish$/)).toBe(200);
    expect(author.url()).toMatch(/\/admin\/posts\/\d+\/edit\?saved=publish$/);
    await expect(author.getByRole('status').first().textContent()).resolves.toContain('Published.');

    // A reader (not signed in) sees it rendered.
    const res = await reader.goto('/posts/cafe-chats-friends');
    expect(res?.status()).toBe(200);
    await expect(reader.locator('h1').textContent()).resolves.toBe('Café Chats & Friends');
    await expect(reader.locator('.post-body h2').textContent()).resolves.toBe('A small practice');
    await expect(reader.locator('.post-body strong').textContent()).resolves.toBe('what you can do');
    expect(await reader.locator('.post-body li').allTextContents()).toEqual(['listen', 'offer', 'follow up']);
    await expect(reader.locator('article header').textContent()).resolves.toContain('By Ada Author');
    expect(await reader.locator('article footer a[rel=tag]').allTextContents()).toEqual(['networking', 'Wish Day']);
    expect(await reader.locator('section#comments[aria-labelledby="comments-heading"]').count()).toBe(1);
    // Meta description, canonical URL and Open Graph tags.
    const canonical = `${server.url}/posts/cafe-chats-friends`;
    expect(await reader.locator('link[rel=canonical]').getAttribute('href')).toBe(canonical);
    expect(await reader.locator('meta[property="og:url"]').getAttribute('content')).toBe(canonical);
    expect(await reader.locator('meta[property="og:type"]').getAttribute('content')).toBe('article');
    expect(await reader.locator('meta[name=description]').getAttribute('content')).toContain(
      'A small practice Ask what you can do first.',
    );
    expect(await reader.locator('script').count()).toBe(0);

    await reader.goto('/');
    expect(await reader.locator('a[href="/posts/cafe-chats-friends"]').count()).toBeGreaterThan(0);
    await reader.goto('/tags/wish-day');
    await expect(reader.locator('h1').textContent()).resolves.toBe('Posts tagged Wish Day');
    expect(await reader.locator('a[href="/posts/cafe-chats-friends"]').count()).toBeGreaterThan(0);

    const feed = await fetch(`${server.url}/rss.xml`);
    expect(feed.headers.get('content-type')).toMatch(/xml/);
    const rss = new XMLParser({ ignoreAttributes: false }).parse(await feed.text());
    const items = [rss.rss.channel.item].flat();
    // RSS titles are HTML-escaped text (src/lib/feeds/rss.ts): "&" arrives as "&amp;" once the XML is read.
    const item = items.find((i: { title: string }) => unescape(i.title) === 'Café Chats & Friends');
    expect(item.link).toBe(canonical);
    expect(new URL(item.link).origin).toBe(server.url);
    expect(item['content:encoded']).toContain('<strong>what you can do</strong>');
    expect([item.category].flat()).toEqual(['networking', 'Wish Day']);
  });

  it('keeps a draft from readers, shows it to the author with a banner', async () => {
    await author.goto('/admin/posts/new');
    await fillPost(author, { title: 'Unfinished thoughts', body: 'Not *ready*.', tags: 'networking' });
    expect(await submitForm(author, 'Save draft')).toBe(200);
    await expect(author.getByRole('status').first().textContent()).resolves.toContain('Draft saved.');

    expect((await reader.goto('/posts/unfinished-thoughts'))?.status()).toBe(404);
    for (const path of ['/', '/tags/networking', '/rss.xml', '/sitemap.xml']) {
      expect(await (await fetch(`${server.url}${path}`)).text()).not.toContain('unfinished-thoughts');
    }
    expect((await author.goto('/posts/unfinished-thoughts'))?.status()).toBe(200);
    await expect(author.locator('.status-banner').textContent()).resolves.toContain('Draft — only you can see this');

    await author.goto('/admin');
    const row = author.locator('tr', { hasText: 'Unfinished thoughts' });
    await expect(row.locator('.status').textContent()).resolves.toBe('Draft');
    await expect(author.locator('tr', { hasText: 'Café Chats' }).locator('.status').textContent()).resolves.toBe(
      'Published',
    );
  });

  it('shows bad input beside the field, keeps what was typed and the saved version', async () => {
    await author.goto('/admin');
    await author.getByRole('link', { name: 'Café Chats & Friends' }).click();
    await fillPost(author, { slug: 'unfinished-thoughts', body: 'A rewrite that must not be lost.' });
    expect(await submitForm(author, 'Publish changes')).toBe(409);
    await expect(author.locator('#field-slug-error').textContent()).resolves.toContain('already uses this slug');
    expect(await author.getByLabel('Body (Markdown)').inputValue()).toBe('A rewrite that must not be lost.');
    expect(await author.getByLabel('Slug (optional)').inputValue()).toBe('unfinished-thoughts');

    await fillPost(author, { slug: 'cafe-chats-friends', publishAt: '2020-01-01T10:00' });
    expect(await submitForm(author, 'Schedule')).toBe(400);
    await expect(author.locator('#field-publish_at-error').textContent()).resolves.toContain('in the future');
    expect(await author.getByLabel('Publish at').inputValue()).toBe('2020-01-01T10:00');

    // Readers still get the saved version.
    await reader.goto('/posts/cafe-chats-friends');
    await expect(reader.locator('.post-body strong').textContent()).resolves.toBe('what you can do');
  });

  it('takes a body of 100,000 characters through the form, and refuses one more with the text kept', async () => {
    const cookie = (await authorContext.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const body = 'é'.repeat(100_000); // ~600 KB once form-encoded
    const fields = { title: 'A very long post', body, intent: 'draft' };
    const ok = await postForm(server.url, '/admin/posts/new?_action=posts.save', fields, { cookie });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/^\/admin\/posts\/\d+\/edit\?saved=draft$/);

    const tooLong = await postForm(
      server.url,
      '/admin/posts/new?_action=posts.save',
      { ...fields, body: `${body}!` },
      { cookie },
    );
    expect(tooLong.status).toBe(400);
    const html = await tooLong.text();
    expect(html).toContain('Body must be at most 100,000 characters.');
    expect(html).toContain(`${body}!</textarea>`);
  });

  it('changes the slug, the old address answering 301 to the new one', async () => {
    await author.goto('/admin');
    await author.getByRole('link', { name: 'Café Chats & Friends' }).click();
    await fillPost(author, { slug: 'cafe-chats' });
    expect(await submitForm(author, 'Publish changes')).toBe(200);

    const old = await fetch(`${server.url}/posts/cafe-chats-friends`, { redirect: 'manual' });
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/posts/cafe-chats');
    expect((await reader.goto('/posts/cafe-chats-friends'))?.status()).toBe(200);
    expect(reader.url()).toBe(`${server.url}/posts/cafe-chats`);
  });

  it('deletes a post only after a confirmation step', async () => {
    await author.goto('/admin/posts/new');
    await fillPost(author, { title: 'Gone soon', body: 'Bye.' });
    expect(await submitForm(author, /^Publish$/)).toBe(200);
    expect((await fetch(`${server.url}/posts/gone-soon`)).status).toBe(200);

    await author.goto('/admin');
    await author.locator('tr', { hasText: 'Gone soon' }).getByRole('link', { name: 'Delete' }).click();
    await expect(author.locator('h1').textContent()).resolves.toBe('Delete this post?');
    expect((await fetch(`${server.url}/posts/gone-soon`)).status).toBe(200); // nothing happened yet
    expect(await submitForm(author, 'Delete post')).toBe(200);
    expect(author.url()).toBe(`${server.url}/admin?deleted=1`);
    await expect(author.getByRole('status').textContent()).resolves.toContain('deleted');
    expect((await fetch(`${server.url}/posts/gone-soon`)).status).toBe(404);
  });

  it('keeps the dashboard to the author: readers get 403, visitors are sent to log in', async () => {
    const visitor = await fetch(`${server.url}/admin/posts/new`, { redirect: 'manual' });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe('/login?next=%2Fadmin%2Fposts%2Fnew');

    const readerLogin = await noScriptContext(browser, server.url);
    const page = await logIn(readerLogin, people.reader.email);
    expect((await page.goto('/admin'))?.status()).toBe(403);
    expect((await page.goto('/posts/unfinished-thoughts'))?.status()).toBe(404);
    const cookie = (await readerLogin.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const attempt = { title: 'Not mine to write', body: 'x', intent: 'publish' };
    expect((await postForm(server.url, '/admin/posts/new?_action=posts.save', attempt, { cookie })).status).toBe(403);
    expect((await fetch(`${server.url}/posts/not-mine-to-write`)).status).toBe(404);
    await readerLogin.close();
  });
});
