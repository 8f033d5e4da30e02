// The site's own look and name (issue 27): the author names the site, gives it a
// tagline and an accent colour in Settings, with JavaScript off and on, and sees
// them in the header, the footer, the feeds and the page's colours; the reading
// font comes from the site itself; on a phone the header stays one short row and
// its menu opens without a script.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { dbTargets } from '../helpers/db.ts';
import { submitForm } from '../helpers/page.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { createSiteWithPeople, logIn, type SiteWithPeople } from './posts-support.ts';
import { importContentDir } from '../../src/lib/posts/import.ts';
import { resolve } from 'node:path';

describe.skipIf(!hasChromium).each(dbTargets)('the site name, tagline and look on %s', (target) => {
  let people: SiteWithPeople;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    people = await createSiteWithPeople(target);
    const db = people.site.openDb();
    try {
      await importContentDir(db, resolve('content/posts'));
    } finally {
      await db.destroy();
    }
    server = await startServer(people.site);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await people?.site.cleanup();
  });

  const get = (path: string) => fetch(server.url + path);

  async function author(javaScript: boolean): Promise<Page> {
    const context = javaScript
      ? await browser.newContext({ baseURL: server.url })
      : await noScriptContext(browser, server.url);
    contexts.push(context);
    return logIn(context, people.author.email);
  }

  for (const javaScript of [false, true]) {
    it(`shows the name and tagline set in Settings in the header, footer and every feed (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const name = javaScript ? 'Krista’s Kitchen Table' : 'Notes & Wishes';
      const tagline = javaScript ? 'Small favours, asked & given.' : 'Where neighbours <help> neighbours.';
      const page = await author(javaScript);
      await page.goto('/admin/settings');
      await page.getByLabel('Site name').fill(name);
      await page.getByLabel('Tagline').fill(tagline);
      expect(await submitForm(page, 'Save settings')).toBe(200);

      // Anonymous readers get the shared (cached) page: the change shows on the very next request.
      await page.context().clearCookies();
      await page.goto('/');
      await expect(page.locator('.site-header .site-name').textContent()).resolves.toBe(name);
      await expect(page.locator('.site-header .site-tagline').textContent()).resolves.toBe(tagline);
      await expect(page.locator('.site-footer').textContent()).resolves.toContain(tagline);
      await expect(page.locator('.site-footer strong').textContent()).resolves.toBe(name);

      const escapedName = name.replace(/&/g, '&amp;');
      const escapedTagline = tagline.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const rss = await (await get('/rss.xml')).text();
      expect(rss).toContain(`<description>${escapedTagline.replace(/&/g, '&amp;')}</description>`);
      const atom = await (await get('/atom.xml')).text();
      expect(atom).toContain(escapedName);
      expect(atom).toContain(escapedTagline);
      const json = (await (await get('/feed.json')).json()) as { title: string; description: string };
      expect(json).toMatchObject({ title: name, description: tagline });
      // Feed titles are HTML-escaped text inside XML (src/lib/feeds/rss.ts): "&" arrives as "&amp;amp;".
      expect(await (await get('/wishes/granted.xml')).text()).toContain(
        `<title>Granted wishes · ${escapedName.replace(/&/g, '&amp;')}</title>`,
      );
      expect(await (await get('/comments.xml')).text()).not.toContain('Wishcast');
    });
  }

  it('takes an accent colour from Settings and keeps it readable in light and dark', async () => {
    const page = await author(false);
    await page.goto('/admin/settings');
    // A pale yellow reads badly on a light page: the light scheme gets a darker shade of it.
    await page.getByLabel('Accent colour').fill('#ffe14d');
    expect(await submitForm(page, 'Save settings')).toBe(200);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto('/');
    const accent = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent'));
    const light = await accent();
    expect(light).toMatch(/^#[0-9a-f]{6}$/);
    expect(light).not.toBe('#ffe14d');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await accent()).toBe('#ffe14d');
    expect(violations).toEqual([]);

    await page.goto('/admin/settings');
    expect(await page.getByLabel('Accent colour').inputValue()).toBe('#ffe14d');
  });

  it('serves and preloads its reading font itself, with no request to another host', async () => {
    const context = await noScriptContext(browser, server.url);
    contexts.push(context);
    const page = await context.newPage();
    const hosts = new Set<string>();
    const fonts: string[] = [];
    page.on('request', (request) => {
      hosts.add(new URL(request.url()).host);
      if (request.resourceType() === 'font') fonts.push(request.url());
    });
    await page.goto('/', { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    expect([...hosts]).toEqual([new URL(server.url).host]);
    expect(fonts.some((url) => /literata-latin-wght-normal\.[\w-]+\.woff2$/.test(url))).toBe(true);
    const preload = await page.locator('link[rel="preload"][as="font"]').getAttribute('href');
    expect(fonts.map((url) => new URL(url).pathname)).toContain(preload);
    expect(await page.evaluate(() => document.fonts.check('16px "Literata Variable"'))).toBe(true);
  });

  it('keeps the header of a phone to one short row whose menu opens without a script', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/');
    const header = await page.locator('.site-header').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(64);
    const signUp = page.getByRole('link', { name: 'Sign up' });
    expect(await signUp.isVisible()).toBe(false);
    await page.getByText('Menu', { exact: true }).click();
    expect(await signUp.isVisible()).toBe(true);
    await expect(page.locator('.site-header').boundingBox()).resolves.toMatchObject({ height: header!.height });

    // A desktop shows the menu whole, with no disclosure to open.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/');
    expect(await page.getByText('Menu', { exact: true }).isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Sign up' }).isVisible()).toBe(true);
  });
});
