// Covers and share cards in Chromium with JavaScript off: the author uploads an
// image, sets it as a post's cover (alt text required, beside the field), and
// readers see it on the home page, at the top of the post and as its og:image;
// a post without a cover shares a drawn 1200×630 PNG card.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { dbTargets } from '../helpers/db.ts';
import { makeImage } from '../helpers/images.ts';
import { submitForm } from '../helpers/page.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { createSiteWithPeople, fillPost, logIn, type SiteWithPeople } from './posts-support.ts';

const ALT = 'A red kite over the bay';

async function ogImageOf(page: Page): Promise<string> {
  return (await page.locator('meta[property="og:image"]').getAttribute('content')) ?? '';
}

describe.skipIf(!hasChromium).each(dbTargets)('covers and share cards without JavaScript on %s', (target) => {
  let people: SiteWithPeople;
  let server: RunningServer;
  let browser: Browser;
  let authorContext: BrowserContext;
  let author: Page;
  let readerContext: BrowserContext;
  let reader: Page;

  beforeAll(async () => {
    people = await createSiteWithPeople(target);
    server = await startServer(people.site);
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

  it('sets a cover from the media library, alt text required, and readers see it everywhere', async () => {
    await author.goto('/admin/media');
    await author.getByLabel('Image file').setInputFiles({
      name: 'kite.jpg',
      mimeType: 'image/jpeg',
      buffer: await makeImage('jpeg', { width: 1600, height: 900 }),
    });
    await author.getByLabel('Alt text').fill('Kite');
    expect(await submitForm(author, /^Upload$/)).toBe(200);

    await author.goto('/admin/posts/new');
    await fillPost(author, { title: 'Kites over the bay', body: 'We flew kites all afternoon.' });
    await author.getByLabel('Image', { exact: true }).selectOption({ index: 1 });
    expect(await submitForm(author, /^Publish$/)).toBe(400);
    await expect(author.locator('#field-cover_alt-error').textContent()).resolves.toMatch(/Describe the cover/);
    expect(await author.getByLabel('Title').inputValue()).toBe('Kites over the bay');
    await author.getByLabel('Cover description').fill(ALT);
    expect(await submitForm(author, /^Publish$/)).toBe(200);
    expect(await author.locator('.cover-thumbnail').count()).toBe(1);

    await reader.goto('/');
    const card = reader.locator('.post-summary', { hasText: 'Kites over the bay' });
    const listed = card.locator('picture img');
    expect(await listed.getAttribute('alt')).toBe(ALT);
    expect(await listed.getAttribute('srcset')).toMatch(/\/media\/[0-9a-f]{32}\.jpg 480w, .* 1600w$/);

    await reader.goto('/posts/kites-over-the-bay');
    const cover = reader.locator('.post-cover img');
    expect(await cover.getAttribute('loading')).toBe('eager');
    expect([await cover.getAttribute('width'), await cover.getAttribute('height')]).toEqual(['1600', '900']);
    const og = await ogImageOf(reader);
    expect(og).toMatch(new RegExp(`^${server.url}/media/[0-9a-f]{32}\\.jpg$`));
    expect(await reader.locator('meta[property="og:image:alt"]').getAttribute('content')).toBe(ALT);
    expect(await reader.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary_large_image');
    expect((await fetch(og)).headers.get('content-type')).toBe('image/jpeg');
  });

  it('shares a drawn 1200×630 PNG card for a post without a cover, kept by its ETag', async () => {
    await author.goto('/admin/posts/new');
    await fillPost(author, { title: 'Notes without a picture', body: 'Words only.' });
    expect(await submitForm(author, /^Publish$/)).toBe(200);

    await reader.goto('/posts/notes-without-a-picture');
    const og = await ogImageOf(reader);
    expect(og).toMatch(new RegExp(`^${server.url}/og/post/\\d+\\.png\\?v=[0-9a-f]{16}$`));
    expect(await reader.locator('meta[property="og:image:width"]').getAttribute('content')).toBe('1200');
    const res = await fetch(og);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    const etag = res.headers.get('etag')!;
    expect((await fetch(og, { headers: { 'if-none-match': etag } })).status).toBe(304);

    // The home page and the board have cards too; a draft or a missing post has none.
    await reader.goto('/');
    expect((await fetch(await ogImageOf(reader))).status).toBe(200);
    expect((await fetch(`${server.url}/og/post/999999.png`)).status).toBe(404);
    expect((await fetch(`${server.url}/og/nothing/1.png`)).status).toBe(404);
  });
});
