// Moving in and static pages on the built server, in Chromium with JavaScript
// off: an imported WordPress blog's old links answer 301, its pages are served
// at /<slug> and listed in the menu; the author writes pages (reserved slugs
// refused beside the field), names the site, uploads a Blogger export and a
// Disqus export (threads land under their posts), and downloads the whole site.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textChunks } from '../../src/lib/import/input.ts';
import { importWordPress } from '../../src/lib/import/wordpress/import.ts';
import { seedPages } from '../../src/lib/pages/seed.ts';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { dbTargets } from '../helpers/db.ts';
import { submitForm } from '../helpers/page.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { createSiteWithPeople, logIn, type SiteWithPeople } from './posts-support.ts';

const NOW = new Date('2026-12-01T12:00:00Z');

describe.skipIf(!hasChromium).each(dbTargets)('moving in and pages on %s', (target) => {
  let people: SiteWithPeople;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let author: Page;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { redirect: 'manual', headers });

  beforeAll(async () => {
    people = await createSiteWithPeople(target);
    const db = people.site.openDb();
    try {
      const fixture = readFileSync('tests/fixtures/wordpress/wordpress-6.1.xml', 'utf8');
      await importWordPress(db, textChunks(fixture), { now: NOW, timeZone: 'Europe/Berlin', authorId: null });
      await seedPages(db, resolve('content/pages'), NOW);
    } finally {
      await db.destroy();
    }
    server = await startServer(people.site);
    browser = await launchBrowser();
    context = await noScriptContext(browser, server.url);
    author = await logIn(context, people.author.email);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await people?.site.cleanup();
  });

  it('answers old WordPress links with 301 to where the posts, pages and tags are now', async () => {
    for (const [old, now] of [
      ['/2024/05/03/gruse-aus-koln/', '/posts/gruse-aus-koln'],
      ['/2024/05/gruse-aus-koln/', '/posts/gruse-aus-koln'],
      ['/?p=35', '/posts/gruse-aus-koln'],
      ['/category/travel/night-trains/', '/tags/night-trains'],
      ['/tag/networking/', '/tags/networking'],
      ['/about/work-with-me/', '/work-with-me'],
    ]) {
      const res = await get(old!);
      expect(res.status, old).toBe(301);
      expect(res.headers.get('location'), old).toBe(now);
    }
    expect((await get('/?p=37')).status).toBe(200); // a draft: the home page, no redirect
    expect((await get('/2024/05/03/no-such-post/')).status).toBe(404);
  });

  it('serves imported and seeded pages, lists the menu, and leaves built-in routes alone', async () => {
    const about = await (await get('/about')).text();
    expect(about).toContain('I write about trains and people. Écrivez-moi !');
    expect(about).toMatch(/<nav aria-label="Main">[\s\S]*href="\/about"[\s\S]*href="\/work-with-me"/);
    expect(about).toContain('<a href="/privacy">Privacy</a>');
    expect((await get('/privacy')).status).toBe(200);
    expect(await (await get('/archive')).text()).toMatch(/<h1[^>]*>Archive<\/h1>/);
    expect(await (await get('/archive-2')).text()).toContain('A page whose slug is taken by a built-in route.');
    expect((await get('/privacy-policy')).status).toBe(404); // a draft page
    const sitemap = await (await get('/sitemap.xml')).text();
    expect(sitemap).toContain(`<loc>${server.url}/about</loc>`);
    expect(sitemap).not.toContain('/privacy-policy<');
  });

  it('lets the author write a page: a reserved slug is refused beside the field, the text kept', async () => {
    await author.goto('/admin/pages');
    await author.getByRole('link', { name: 'New page' }).click();
    await author.getByLabel('Title').fill('Contact');
    await author.getByLabel('Slug (optional)').fill('admin');
    await author.getByLabel('Body (Markdown)').fill('Write to **me**.');
    await author.getByLabel('Show in the site menu').check();
    expect(await submitForm(author, 'Publish')).toBe(400);
    await expect(author.locator('#field-slug-error').textContent()).resolves.toContain('is used by the site itself');
    expect(await author.getByLabel('Body (Markdown)').inputValue()).toBe('Write to **me**.');
    await author.getByLabel('Slug (optional)').fill('contact');
    expect(await submitForm(author, 'Publish')).toBe(200);
    expect(author.url()).toMatch(/\/admin\/pages\/\d+\/edit\?saved=1$/);
    const contact = await (await get('/contact')).text();
    expect(contact).toContain('<p>Write to <strong>me</strong>.</p>');
    expect(contact).toMatch(/<nav aria-label="Main">[\s\S]*href="\/contact"/);
  });

  it('names the site from the settings page', async () => {
    await author.goto('/admin/settings');
    await author.getByLabel('Site name').fill('Krista Said');
    await author.getByLabel('About the author').fill('Writes about *trains*.');
    expect(await submitForm(author, 'Save settings')).toBe(200);
    const home = await (await get('/')).text();
    expect(home).toContain('<title>Krista Said</title>');
    expect(home).toContain('<em>trains</em>');
  });

  it('imports an uploaded Blogger export and shows the summary', async () => {
    await author.goto('/admin/import');
    await author.getByLabel('Blogger (feed.atom or blog-….xml)').check();
    await author.getByLabel('Export file').setInputFiles('tests/fixtures/blogger/feed.atom');
    expect(await submitForm(author, 'Import')).toBe(200);
    await expect(author.locator('.import-summary').textContent()).resolves.toContain('posts: 2 new');
    expect((await get('/posts/cafe-chats-uber-netzwerke')).status).toBe(200);
    const moved = await get('/2019/06/cafe-chats-uber-netzwerke.html');
    expect(moved.headers.get('location')).toBe('/posts/cafe-chats-uber-netzwerke');

    await author.getByLabel('Export file').setInputFiles({
      name: 'broken.xml',
      mimeType: 'text/xml',
      buffer: Buffer.from('<rss><channel><item></channel></rss>'),
    });
    expect(await submitForm(author, 'Import')).toBe(422);
    await expect(author.locator('#field-file-error').textContent()).resolves.toMatch(/^Line 1, column \d+/);
  });

  it('imports an uploaded Disqus export into the matching post and lists the thread that matched none', async () => {
    const disqus = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1"><id>35 http://krista.example/?p=35</id><forum>krista</forum>
    <link>http://krista.example/gruesse/</link><title>Grüße</title></thread>
  <thread dsq:id="2"><id>x</id><forum>krista</forum><link>http://krista.example/gone/</link><title>Gone</title></thread>
  <post dsq:id="10"><message><![CDATA[<p>Danke für die Grüße aus Disqus!</p>]]></message>
    <createdAt>2024-05-04T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Lotte</name></author><thread dsq:id="1"/></post>
  <post dsq:id="11"><message>Lost reply</message><createdAt>2024-05-04T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Ben</name></author><thread dsq:id="2"/></post>
</disqus>`;
    expect(await (await get('/posts/gruse-aus-koln')).text()).not.toContain('aus Disqus'); // now cached
    await author.goto('/admin/import');
    await author.getByLabel('Disqus comments').check();
    await author.getByLabel('Export file').setInputFiles({
      name: 'disqus.xml',
      mimeType: 'text/xml',
      buffer: Buffer.from(disqus),
    });
    expect(await submitForm(author, 'Import')).toBe(200);
    const summary = await author.locator('.import-summary').textContent();
    expect(summary).toContain('comments: 1 new');
    expect(summary).toContain('Gone — http://krista.example/gone/ (1 comment');
    const post = await (await get('/posts/gruse-aus-koln')).text();
    expect(post).toContain('Danke für die Grüße aus Disqus!');
    expect(post).toContain('Lotte');
  });

  it('downloads the whole site for the author only', async () => {
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const wxr = await get('/admin/export/wxr', { cookie });
    expect(wxr.status).toBe(200);
    expect(wxr.headers.get('content-disposition')).toMatch(/^attachment; filename="wishcast-\d{4}-\d{2}-\d{2}\.xml"$/);
    const text = await wxr.text();
    expect(text).toContain('<wp:wxr_version>1.2</wp:wxr_version>');
    expect(text).toContain('<title>Krista Said</title>');
    const json = await get('/admin/export/json', { cookie });
    expect(JSON.parse(await json.text()).format).toBe('wishcast-export');
    expect((await get('/admin/export/wxr')).status).toBe(403);
  });
});
