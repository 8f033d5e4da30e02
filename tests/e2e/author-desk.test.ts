// The author's desk (issue 27), one server: a post's revisions compared and one
// restored with JavaScript off; the Edit link shown to the author only; the
// enhanced editor (toolbar, live preview, autosave) with JavaScript on; the copy
// fixes. The whole journey with JavaScript off and on is author-journey.test.ts.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { submitForm } from '../helpers/page.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { todayWeekdayUtc, waitOutMidnight } from '../helpers/time.ts';
import { createSiteWithPeople, fillPost, logIn, type SiteWithPeople } from './posts-support.ts';

describe.skipIf(!hasChromium)('the author’s desk', () => {
  let people: SiteWithPeople;
  let server: RunningServer;
  let browser: Browser;
  let noScript: BrowserContext;
  let author: Page;
  let postPath = '';
  let editPath = '';
  const anonymous = async (path: string) => (await fetch(`${server.url}${path}`)).text();

  beforeAll(async () => {
    await waitOutMidnight();
    people = await createSiteWithPeople('pglite');
    // The board is open today (setting the wish day is author-journey.test.ts, with JavaScript off and on).
    server = await startServer(people.site, { WISH_DAY: todayWeekdayUtc(), SITE_TIMEZONE: 'UTC' });
    browser = await launchBrowser();
    noScript = await noScriptContext(browser, server.url);
    author = await logIn(noScript, people.author.email);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await people?.site.cleanup();
  });

  it('keeps each save, compares two and restores the earlier one (JavaScript off)', async () => {
    await author.goto('/admin/posts/new');
    await fillPost(author, { title: 'Revisited', body: 'The first opening line.\n\nA middle.' });
    expect(await submitForm(author, /^Publish$/)).toBe(200);
    editPath = new URL(author.url()).pathname;
    await fillPost(author, { body: 'A rewritten opening line.\n\nA middle.' });
    expect(await submitForm(author, 'Publish changes')).toBe(200);
    postPath = (await author.getByRole('link', { name: 'View the post' }).getAttribute('href'))!;
    expect(await anonymous(postPath)).toContain('A rewritten opening line.');
    const rows = author.locator('.revisions tbody tr');
    expect(await rows.count()).toBe(2);
    await expect(rows.first().textContent()).resolves.toContain('Ada Author');

    expect(await submitForm(author, 'Compare the two chosen')).toBe(200);
    expect(await author.locator('.diff-line.removed').allTextContents()).toEqual([
      expect.stringContaining('The first opening line.'),
    ]);
    expect(await author.locator('.diff-line.added').allTextContents()).toEqual([
      expect.stringContaining('A rewritten opening line.'),
    ]);

    await author.goto(editPath);
    expect(await submitForm(author, 'Restore')).toBe(200);
    await expect(author.getByRole('status').first().textContent()).resolves.toContain('Revision restored');
    expect(await author.locator('.revisions tbody tr').count()).toBe(3);
    const page = await anonymous(postPath);
    expect(page).toContain('The first opening line.');
    expect(page).not.toContain('A rewritten opening line.');
  });

  it('shows the Edit link to the author only, never to anonymous readers (cached or not)', async () => {
    for (let i = 0; i < 2; i++) expect(await anonymous(postPath)).not.toContain('class="edit-post"');
    await author.goto(postPath);
    expect(await author.getByRole('link', { name: 'Edit', exact: true }).getAttribute('href')).toBe(editPath);
    const reader = await logIn(await noScriptContext(browser, server.url), people.reader.email);
    await reader.goto(postPath);
    expect(await reader.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    await reader.context().close();
  });

  it('enhances the editor with JavaScript: toolbar, live preview from the server, autosave as a revision', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    try {
      const page = await logIn(context, people.author.email);
      await page.clock.install();
      await page.goto(editPath);
      const body = page.getByLabel('Body (Markdown)');
      await body.fill('Plain words');
      await body.selectText();
      await page.getByRole('button', { name: 'Bold' }).click();
      expect(await body.inputValue()).toBe('**Plain words**');
      await page.clock.runFor(1000);
      await expect
        .poll(() =>
          page
            .locator('.editor-live-preview .post-body strong')
            .textContent()
            .catch(() => null),
        )
        .toBe('Plain words');
      await page.clock.runFor(31_000);
      await expect.poll(() => page.locator('.editor-status').textContent()).toContain('Draft autosaved');
      // The live text is untouched; the autosave is a revision.
      expect(await anonymous(postPath)).toContain('The first opening line.');
      await page.reload();
      await expect(page.locator('.revisions tbody tr').first().textContent()).resolves.toContain('autosaved');
    } finally {
      await context.close();
    }
  });

  it('fixes the copy slips', async () => {
    // One board so far: no "The last 1 wish boards".
    await author.goto('/admin/stats');
    await expect(author.locator('p.muted', { hasText: 'Counts are of' }).textContent()).resolves.toMatch(
      /^\s*The last wish board\./,
    );
    await author.goto('/admin/mail');
    await expect(author.locator('.notice').first().textContent()).resolves.toMatch(/for example\s+smtps:\/\//);
    // A wish with no cheers: no "0 people", and its wisher has no button to cheer it.
    await author.goto('/wishes');
    await author.getByLabel('Your wish', { exact: true }).fill('A quiet desk by a window');
    expect(await submitForm(author, 'Make a wish')).toBe(200);
    const card = author.locator('.cheer-row').first();
    await expect(card.textContent()).resolves.toContain('Nobody has wished this too yet');
    expect(await card.getByRole('button', { name: 'I wish this for you too' }).count()).toBe(0);
  });
});
