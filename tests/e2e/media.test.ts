// Images in posts, end to end with JavaScript off: the author uploads a real
// photo (over 1 MB, sideways, with GPS in its EXIF) with alt text from the
// post editor, inserts it and publishes; readers get a <picture> with sizes,
// served from /media with immutable caching and no location left in it.
// Bad uploads are refused beside the field with the post text kept; the media
// library shows where an image is used and asks before deleting it.
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { dbTargets } from '../helpers/db.ts';
import { exifTags, GPS_IFD_TAG, makePhoto } from '../helpers/images.ts';
import { submitForm } from '../helpers/page.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { createSiteWithPeople, fillPost, logIn, type SiteWithPeople } from './posts-support.ts';

const ALT = 'A harbour at dusk, boats tied up';

/** GET with node:http, so the path is sent exactly as written (fetch would resolve `..`). */
function rawGet(url: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    httpRequest({ hostname, port, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe.skipIf(!hasChromium).each(dbTargets)('images in posts with JavaScript off on %s', (target) => {
  let people: SiteWithPeople;
  let server: RunningServer;
  let browser: Browser;
  let authorContext: BrowserContext;
  let author: Page;
  let reader: Page;
  let mediaDir: string;
  let photo: Buffer;

  beforeAll(async () => {
    photo = await makePhoto(2400, 1600);
    mediaDir = mkdtempSync(join(tmpdir(), 'wishcast-e2e-media-'));
    people = await createSiteWithPeople(target);
    server = await startServer(people.site, { MEDIA_DIR: mediaDir });
    browser = await launchBrowser();
    authorContext = await noScriptContext(browser, server.url);
    author = await logIn(authorContext, people.author.email);
    reader = await (await noScriptContext(browser, server.url)).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await people?.site.cleanup();
    if (mediaDir) rmSync(mediaDir, { recursive: true, force: true });
  });

  it('refuses a bad file or a missing alt beside the field, keeping the post text', async () => {
    await author.goto('/admin/posts/new');
    await fillPost(author, { title: 'Harbour notes', body: 'We walked down at dusk.' });
    await author.getByLabel('Image file').setInputFiles({
      name: 'harbour.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    await author.getByLabel('Alt text').fill(ALT);
    expect(await submitForm(author, 'Upload and insert')).toBe(400);
    await expect(author.locator('#field-file-error').textContent()).resolves.toMatch(/not an image we accept/);
    expect(await author.getByLabel('Body (Markdown)').inputValue()).toBe('We walked down at dusk.');
    expect(await author.getByLabel('Alt text').inputValue()).toBe(ALT);

    await author.getByLabel('Image file').setInputFiles({ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: photo });
    await author.getByLabel('Alt text').fill('');
    expect(await submitForm(author, 'Upload and insert')).toBe(400);
    await expect(author.locator('#field-alt-error').textContent()).resolves.toMatch(/Describe the image/);
    expect(await author.getByLabel('Title').inputValue()).toBe('Harbour notes');
  });

  it('uploads a photo with alt text, inserts it and publishes: a <picture> with sizes, immutable files', async () => {
    expect(photo.length).toBeGreaterThan(1024 * 1024); // over the editor's old 1 MB body limit
    await author.getByLabel('Image file').setInputFiles({ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: photo });
    await author.getByLabel('Alt text').fill(ALT);
    expect(await submitForm(author, 'Upload and insert')).toBe(200);
    const body = await author.getByLabel('Body (Markdown)').inputValue();
    expect(body).toMatch(new RegExp(`^We walked down at dusk\\.\\n\\n!\\[${ALT}\\]\\(/media/\\d+\\)\\n$`));
    await expect(author.getByRole('status').first().textContent()).resolves.toMatch(/added to the end of the body/);
    expect(await submitForm(author, /^Publish$/)).toBe(200);
    expect(author.url()).toMatch(/\/admin\/posts\/\d+\/edit\?saved=publish$/);

    const mediaResponses: { url: string; type: string | null }[] = [];
    reader.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/media/'))
        mediaResponses.push({ url: r.url(), type: r.headers()['content-type'] ?? null });
    });
    expect((await reader.goto('/posts/harbour-notes'))?.status()).toBe(200);
    const picture = reader.locator('.post-body picture');
    expect(await picture.count()).toBe(1);
    const sources = picture.locator('source');
    expect(await sources.count()).toBe(2);
    expect([await sources.nth(0).getAttribute('type'), await sources.nth(1).getAttribute('type')]).toEqual([
      'image/avif',
      'image/webp',
    ]);
    const img = picture.locator('img');
    // The photo was stored sideways (2400 × 1600, orientation 6): upright it is 1600 wide, 2400 high.
    expect(await img.getAttribute('width')).toBe('1600');
    expect(await img.getAttribute('height')).toBe('2400');
    expect(await img.getAttribute('alt')).toBe(ALT);
    expect(await img.getAttribute('loading')).toBe('eager');
    expect(await img.getAttribute('sizes')).toContain('40rem');
    expect(await img.getAttribute('srcset')).toMatch(/480w, .* 960w, .* 1600w$/);

    // Chromium chose the AVIF source.
    await reader.waitForLoadState('load');
    expect(mediaResponses.length).toBeGreaterThan(0);
    expect(mediaResponses.every((r) => r.type === 'image/avif')).toBe(true);

    const src = (await img.getAttribute('src'))!;
    const res = await fetch(new URL(src, server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const served = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(served).metadata();
    expect([meta.width, meta.height, meta.exif]).toEqual([1600, 2400, undefined]);
    expect(exifTags((await sharp(photo).metadata()).exif!)).toContain(GPS_IFD_TAG);
    const again = await fetch(new URL(src, server.url), { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves nothing outside the media store', async () => {
    for (const path of [
      '/media/..%2f..%2fpackage.json',
      '/media/%2e%2e%2fpackage.json',
      '/media/0123456789abcdef0123456789abcdef.svg',
      '/media/0123456789abcdef0123456789abcdef.jpg',
      '/media/999999',
    ]) {
      expect(await rawGet(server.url, path), path).toBe(404);
    }
  });

  it('lists where an image is used, and asks before deleting it', async () => {
    await author.goto('/admin/media');
    const item = author.locator('.media-item').first();
    await expect(item.locator('.media-alt').textContent()).resolves.toBe(ALT);
    await expect(item.textContent()).resolves.toContain('Used in: Harbour notes');
    expect(await submitForm(author, /^Delete/)).toBe(409);
    await expect(author.getByRole('alert').textContent()).resolves.toMatch(/used in a post: "Harbour notes"/);
    expect(await submitForm(author, 'Delete anyway')).toBe(200);
    await expect(author.getByRole('status').textContent()).resolves.toContain('The image was deleted.');
    await reader.goto('/posts/harbour-notes');
    expect(await reader.locator('.post-body picture').count()).toBe(0);
    expect(await reader.locator('.post-body img').getAttribute('alt')).toBe(ALT);
  });

  it('publishes a post with three photos that loads and scrolls without a layout shift (CLS 0)', async () => {
    await author.goto('/admin/posts/new');
    await fillPost(author, { title: 'Allotment mornings', body: 'Frost on the beds.' });
    const photos = [await makePhoto(1600, 1200), await makePhoto(1200, 1600), await makePhoto(1200, 800)];
    for (const [i, bytes] of photos.entries()) {
      await author
        .getByLabel('Image file')
        .setInputFiles({ name: `allotment-${i}.jpg`, mimeType: 'image/jpeg', buffer: bytes });
      await author.getByLabel('Alt text').fill(`Allotment photo ${i + 1}`);
      expect(await submitForm(author, 'Upload and insert')).toBe(200);
    }
    // Text between the photos, so the later ones start below the fold and load lazily.
    const [intro, ...images] = (await author.getByLabel('Body (Markdown)').inputValue()).trim().split('\n\n');
    const filler = Array.from({ length: 6 }, () => 'Neighbours swapped seeds, tools and stories.').join(' ');
    const body = [intro, ...images.flatMap((image) => [filler, filler, image])].join('\n\n');
    await fillPost(author, { body });
    expect(await submitForm(author, /^Publish$/)).toBe(200);

    // A reader with JavaScript on (as Lighthouse measures), on a phone-sized screen.
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 412, height: 823 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(() => {
        const shifts: number[] = [];
        (window as unknown as { shifts: number[] }).shifts = shifts;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) shifts.push((entry as unknown as { value: number }).value);
        }).observe({ type: 'layout-shift', buffered: true });
      });
      expect((await page.goto('/posts/allotment-mornings'))?.status()).toBe(200);
      const imgs = page.locator('.post-body picture img');
      expect(await imgs.count()).toBe(3);
      expect(await imgs.nth(0).getAttribute('loading')).toBe('eager');
      expect(await imgs.nth(2).getAttribute('loading')).toBe('lazy');
      for (let y = 0; y <= (await page.evaluate(() => document.body.scrollHeight)); y += 400) {
        await page.evaluate((top) => window.scrollTo(0, top), y);
        await page.waitForTimeout(50);
      }
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.post-body img')].every((i) => (i as HTMLImageElement).complete),
      );
      const sizes = await imgs.evaluateAll((list) => list.map((i) => (i as HTMLImageElement).naturalWidth));
      expect(sizes.every((w) => w > 0)).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
