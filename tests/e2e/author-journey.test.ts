// The author's journey of issue 27, run twice on one server: with JavaScript off
// (plain forms) and on (the enhanced editor: toolbar, live preview, autosave).
// The author sets a cover image and readers see it on the home page and as the
// post's og:image; edits the post's opening and the excerpt follows on the home
// page, in search and in the RSS feed; restores the earlier revision; sets the
// wish day in Settings and the board opens on it. The tagline in the header,
// footer and feeds, with JavaScript off and on, is site-identity.test.ts.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { makeImage } from '../helpers/images.ts';
import { submitForm } from '../helpers/page.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { todayWeekdayUtc, waitOutMidnight } from '../helpers/time.ts';
import { createSiteWithPeople, fillPost, logIn, type SiteWithPeople } from './posts-support.ts';

describe.skipIf(!hasChromium)('the author’s journey with JavaScript off and on', () => {
  let people: SiteWithPeople;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const anonymous = async (path: string) => (await fetch(`${server.url}${path}`)).text();

  beforeAll(async () => {
    await waitOutMidnight();
    people = await createSiteWithPeople('pglite');
    // The environment says tomorrow: until the author changes it, the board is closed today.
    server = await startServer(people.site, { WISH_DAY: todayWeekdayUtc(1), SITE_TIMEZONE: 'UTC' });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await people?.site.cleanup();
  });

  async function signedInAuthor(javaScript: boolean): Promise<Page> {
    const context = javaScript
      ? await browser.newContext({ baseURL: server.url })
      : await noScriptContext(browser, server.url);
    contexts.push(context);
    return logIn(context, people.author.email);
  }

  /** The flash message after a form (the enhanced editor adds a status line of its own). */
  const notice = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).first().textContent();

  for (const javaScript of [false, true]) {
    const mode = `JavaScript ${javaScript ? 'on' : 'off'}`;
    const title = javaScript ? 'Gulls at the harbour' : 'Kites over the bay';
    const alt = javaScript ? 'Gulls circling a fishing boat' : 'A red kite over the bay';
    const first = `${title}: the first opening line.`;
    const rewritten = `${title}: a rewritten opening line.`;

    it(`sets a cover, rewrites the opening, restores the first revision (${mode})`, async () => {
      const author = await signedInAuthor(javaScript);
      await author.goto('/admin/media');
      await author.getByLabel('Image file').setInputFiles({
        name: 'cover.jpg',
        mimeType: 'image/jpeg',
        buffer: await makeImage('jpeg', { width: 1600, height: 900 }),
      });
      await author.getByLabel('Alt text').fill(title);
      expect(await submitForm(author, /^Upload$/)).toBe(200);

      await author.goto('/admin/posts/new');
      // The enhanced editor is there exactly when scripts run; the plain form either way.
      expect(await author.getByRole('button', { name: 'Bold' }).count()).toBe(javaScript ? 1 : 0);
      expect(await author.locator('.editor-live-preview').count()).toBe(javaScript ? 1 : 0);
      await fillPost(author, { title, body: `${first}\n\nA middle.` });
      const choice = author.locator('select[name="cover_media_id"] option', { hasText: title });
      await author.getByLabel('Image', { exact: true }).selectOption((await choice.getAttribute('value'))!);
      await author.getByLabel('Cover description').fill(alt);
      expect(await submitForm(author, /^Publish$/)).toBe(200);
      const editPath = new URL(author.url()).pathname;
      expect(await author.locator('.editor-status').count()).toBe(javaScript ? 1 : 0);
      const postPath = (await author.getByRole('link', { name: 'View the post' }).getAttribute('href'))!;

      // Readers (whose pages are cached) see the cover on the home page and as the share card.
      const reader = await (await noScriptContext(browser, server.url)).newPage();
      contexts.push(reader.context());
      await reader.goto('/');
      const card = reader.locator('.post-summary', { hasText: title });
      expect(await card.locator('picture img').getAttribute('alt')).toBe(alt);
      await expect(card.textContent()).resolves.toContain(first);
      await reader.goto(postPath);
      const og = (await reader.locator('meta[property="og:image"]').getAttribute('content'))!;
      expect(og).toMatch(new RegExp(`^${server.url}/media/[0-9a-f]{32}\\.jpg$`));
      expect(og).toBe(
        await reader
          .locator('.post-cover img')
          .getAttribute('src')
          .then((src) => server.url + src),
      );
      expect(await reader.locator('meta[property="og:image:alt"]').getAttribute('content')).toBe(alt);

      // A new opening: the excerpt the author never wrote follows it everywhere.
      await fillPost(author, { body: `${rewritten}\n\nA middle.` });
      expect(await submitForm(author, 'Publish changes')).toBe(200);
      await reader.goto('/');
      await expect(reader.locator('.post-summary', { hasText: title }).textContent()).resolves.toContain(rewritten);
      const rss = await anonymous('/rss.xml');
      expect(rss).toContain(rewritten);
      expect(rss).not.toContain(first);
      const search = await anonymous(`/search?q=${encodeURIComponent('rewritten opening')}`);
      expect(search).toContain(title);
      expect(search).not.toContain('the first opening line');

      // The earlier revision back: a new save, and the excerpt follows it again.
      await author.goto(editPath);
      const rows = author.locator('.revisions tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await submitForm(author, 'Restore')).toBe(200);
      await expect(notice(author, 'Revision restored')).resolves.toContain('Revision restored');
      expect(await author.locator('.revisions tbody tr').count()).toBe(3);
      const page = await anonymous(postPath);
      expect(page).toContain(first);
      expect(page).not.toContain(rewritten);
      await reader.goto('/');
      await expect(reader.locator('.post-summary', { hasText: title }).textContent()).resolves.toContain(first);
    });

    it(`opens the board on the wish day set in Settings, for every reader at once (${mode})`, async () => {
      const author = await signedInAuthor(javaScript);
      const setWishDay = async (day: string) => {
        await author.goto('/admin/settings');
        await expect(author.locator('#ritual-heading + p').textContent()).resolves.toMatch(/next wish board opens on/);
        await author.getByLabel('Wish day', { exact: true }).selectOption(day);
        await author.getByLabel('Opening hour', { exact: true }).selectOption('0');
        await author.getByLabel('Time zone', { exact: true }).selectOption('UTC');
        expect(await submitForm(author, 'Save the wish day')).toBe(200);
        await expect(notice(author, 'Wish day saved.')).resolves.toContain('Wish day saved.');
        expect(await author.getByLabel('Wish day', { exact: true }).inputValue()).toBe(day);
      };
      // Tomorrow first (the environment's day on the first run; the second finds today's board open).
      await setWishDay(todayWeekdayUtc(1));
      expect(await anonymous('/wishes')).toContain('The next wish board opens on');
      await setWishDay(todayWeekdayUtc());
      // The cached closed board is gone: anonymous readers find it open today.
      const board = await anonymous('/wishes');
      expect(board).not.toContain('The next wish board opens on');
      expect(board).toContain('Make a wish');
    });
  }
});
