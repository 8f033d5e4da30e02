// A member's own picture in a real browser with JavaScript off, on each database:
// a bad file is refused beside the field; a PNG made with sharp is uploaded from
// /account and shows as <picture> on their profile and beside their comment;
// "Remove picture" brings the identicon back and deletes the files.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComment } from '../../src/lib/comments/service.ts';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { makeConfirmedAccount, makePost, TEST_PASSWORD } from '../helpers/fixtures.ts';
import { submitForm } from '../helpers/page.ts';
import { dbTargets, startSampleSite, stopSampleSite, type RunningServer, type TestSite } from '../helpers/site.ts';

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

describe.skipIf(!hasChromium).each(dbTargets)('avatars in Chromium without JavaScript on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let browser: Browser;
  let mediaDir: string;

  beforeAll(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'wishcast-e2e-avatar-'));
    ({ site, server } = await startSampleSite(target, {
      env: { MEDIA_DIR: mediaDir },
      seed: async (db) => {
        const post = await makePost(db, { title: 'Hello, pictures', slug: 'hello-pictures' });
        const pia = await makeConfirmedAccount(db, { name: 'Pia Picture', email: 'pia@example.test' });
        await createComment(
          db,
          { post_id: String(post.id), body: 'Look at my face.' },
          { user: { id: pia.id, name: pia.name, role: pia.role }, ip: '192.0.2.5', visitorTokenHash: null },
          new Date(),
        );
      },
    }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stopSampleSite(site, server);
    if (mediaDir) rmSync(mediaDir, { recursive: true, force: true });
  });

  it('uploads a picture from /account and shows it on the profile and in the thread, then removes it', async () => {
    const context = await noScriptContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/login?next=%2Faccount');
    await page.getByLabel('Email').fill('pia@example.test');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/account`);

    // Not an image: refused beside the field, nothing stored.
    await page
      .getByLabel('Upload a picture')
      .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from('<svg onload="alert(1)"/>') });
    expect(await submitForm(page, 'Upload picture')).toBe(400);
    expect(await page.locator('#field-avatar-file-error').textContent()).toMatch(/not an image we accept/);
    expect(filesIn(mediaDir)).toEqual([]);

    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c03060' } })
      .png()
      .toBuffer();
    await page.getByLabel('Upload a picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Upload picture' }).click();
    await page.waitForURL(`${server.url}/account?saved=picture#picture`);
    expect(await page.getByRole('status').first().textContent()).toMatch(/Picture saved/);
    expect(filesIn(mediaDir).length).toBe(9);

    await page.goto('/people/pia-picture');
    const picture = page.locator('header.profile picture');
    expect(await picture.locator('source[type="image/avif"]').getAttribute('srcset')).toMatch(
      /^\/media\/[0-9a-f]{32}\.avif 64w, \/media\/[0-9a-f]{32}\.avif 128w, \/media\/[0-9a-f]{32}\.avif 256w$/,
    );
    const img = picture.locator('img');
    expect(await img.getAttribute('width')).toBe('96');
    expect(await img.getAttribute('height')).toBe('96');
    expect(await img.getAttribute('alt')).toBe('');
    // The browser really loaded one of the stored square files.
    expect(await img.evaluate((el: HTMLImageElement) => [el.complete, el.naturalWidth === el.naturalHeight])).toEqual([
      true,
      true,
    ]);
    const file = await page.request.get(String(await img.getAttribute('src')));
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('image/jpeg');

    await page.goto('/posts/hello-pictures');
    expect(await page.locator('.cm header picture img.cm-avatar').getAttribute('width')).toBe('32');

    await page.goto('/account');
    await page.getByRole('button', { name: 'Remove picture' }).click();
    await page.waitForURL(`${server.url}/account?saved=picture-removed#picture`);
    expect(filesIn(mediaDir)).toEqual([]);
    await page.goto('/people/pia-picture');
    expect(await page.locator('header.profile picture').count()).toBe(0);
    expect(await page.locator('header.profile img').getAttribute('src')).toBe('/people/pia-picture/avatar.svg');
    await context.close();
  });
});
