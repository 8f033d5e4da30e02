// axe-core on the pages people read and the forms they use, on a seeded site (sample
// posts, a threaded conversation, this week's open wish board with offers, held items
// in the moderation queues): no violation of WCAG 2.0–2.2 A and AA (contrast, names,
// labels, target size…) nor of axe's best practices (landmarks, heading order), in
// light and dark, on a desktop and a phone-sized screen, also with forms showing
// their errors; and no page scrolls sideways on a 320 px wide screen (WCAG 1.4.10).
// The pages send a strict CSP, so axe is injected into a context that bypasses it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSampleSite, type SampleSite } from '../../scripts/sample-site.ts';
import { WEEKDAYS } from '../../src/lib/config.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { markupTargets } from '../helpers/db.ts';
import { createTestSite, startServer, type RunningServer, type TestSite } from '../helpers/server.ts';
import { todayWeekdayUtc, waitOutMidnight } from '../helpers/time.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const RULE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const SCHEMES = [
  { name: 'light, desktop', options: { colorScheme: 'light' } },
  { name: 'dark, desktop', options: { colorScheme: 'dark' } },
  { name: 'light, phone', options: { colorScheme: 'light', ...PHONE } },
  { name: 'dark, phone', options: { colorScheme: 'dark', ...PHONE } },
] satisfies { name: string; options: BrowserContextOptions }[];

/** One line per failing element, enough to find and fix it. */
function describeViolations(path: string, violations: Result[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) => `${path} · ${v.id} (${v.impact}) · ${n.target.join(' ')} · ${n.failureSummary?.replace(/\s+/g, ' ')}`,
    ),
  );
}

/** Runs axe on the page as it is now. */
async function runAxe(page: Page, label: string): Promise<{ lines: string[]; passes: number }> {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(
    (values) =>
      (window as unknown as { axe: { run: (options: object) => Promise<AxeResults> } }).axe.run({
        runOnly: { type: 'tag', values },
      }),
    RULE_TAGS,
  );
  return { lines: describeViolations(label, results.violations), passes: results.passes.length };
}

async function audit(page: Page, path: string): Promise<{ lines: string[]; passes: number }> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  return runAxe(page, path);
}

/** Clicks a submit button and waits for the page the server answers with; returns its status. */
async function submit(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

/** Elements sticking out past the right edge of a narrow screen, if the page scrolls sideways. */
function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`);
  });
}

async function logIn(context: BrowserContext, email: string, password: string): Promise<void> {
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/'),
    page.getByRole('button', { name: 'Log in' }).click(),
  ]);
  await page.close();
}

describe.skipIf(!hasChromium).each(markupTargets)('axe-core finds no violations on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let browser: Browser;
  let sample: SampleSite;
  let readerProfile = '';

  beforeAll(async () => {
    await waitOutMidnight();
    const wishDay = todayWeekdayUtc();
    site = await createTestSite(target);
    const db = site.openDb();
    try {
      sample = await seedSampleSite(db, new Date(), {
        timeZone: 'UTC',
        wishWeekday: WEEKDAYS.indexOf(wishDay as (typeof WEEKDAYS)[number]) + 1,
      });
      const reader = await db
        .selectFrom('users')
        .select('handle')
        .where('email', '=', sample.readerEmail)
        .executeTakeFirstOrThrow();
      readerProfile = `/people/${reader.handle}`;
    } finally {
      await db.destroy();
    }
    server = await startServer(site, { SITE_TIMEZONE: 'UTC', WISH_DAY: wishDay });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await site?.cleanup();
  });

  const readerPages = () => [
    '/',
    `/posts/${sample.postSlug}`,
    '/wishes',
    '/wishes/archive',
    '/wishes/granted',
    sample.wishPath,
    '/login',
    '/signup',
    '/search?q=wish',
    '/search?q=%22zeppelin+pancakes%22',
    readerProfile,
  ];
  // The author reads the wish's private conversation, and the ritual's stats.
  const authorPages = () => [
    '/admin',
    '/admin/comments',
    '/admin/wishes',
    '/admin/stats',
    '/admin/pages',
    '/admin/pages/new',
    '/admin/import',
    '/admin/export',
    `/posts/${sample.postSlug}`,
    '/wishes',
    sample.wishPath,
    '/admin/privacy',
    '/account',
    '/account/delete',
  ];

  for (const scheme of SCHEMES) {
    it(`reader pages, ${scheme.name}`, async () => {
      const context = await browser.newContext({ ...scheme.options, bypassCSP: true, baseURL: server.url });
      try {
        const page = await context.newPage();
        const found: string[] = [];
        for (const path of readerPages()) {
          const { lines, passes } = await audit(page, path);
          expect(passes, `axe ran its checks on ${path}`).toBeGreaterThan(10);
          found.push(...lines);
        }
        expect(found).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it(`the author's pages, ${scheme.name}`, async () => {
      const context = await browser.newContext({ ...scheme.options, bypassCSP: true, baseURL: server.url });
      try {
        await logIn(context, sample.authorEmail, sample.password);
        const page = await context.newPage();
        const found: string[] = [];
        for (const path of authorPages()) {
          const { lines } = await audit(page, path);
          found.push(...lines);
        }
        // The queues really had something to show.
        await page.goto('/admin/comments');
        await expect(page.getByText('Lovely post. Sharing it with my team.').count()).resolves.toBeGreaterThan(0);
        await page.goto('/admin/wishes');
        await expect(page.getByText('I wish to learn bookbinding.').count()).resolves.toBeGreaterThan(0);
        expect(found).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  for (const scheme of SCHEMES.slice(0, 2)) {
    it(`forms showing their errors, ${scheme.name}`, async () => {
      const context = await browser.newContext({ ...scheme.options, bypassCSP: true, baseURL: server.url });
      try {
        const page = await context.newPage();
        const found: string[] = [];
        // Sign-up refused by the server (the browser accepts both values).
        await page.goto('/signup');
        await page.getByLabel('Name').fill('Rosa Reader');
        await page.getByLabel('Email', { exact: true }).fill('rosa@localhost');
        await page.getByLabel('Password').fill('short');
        expect(await submit(page, page.getByRole('button', { name: 'Create account' }))).toBe(400);
        await expect(page.locator('#field-password-error').count()).resolves.toBe(1);
        found.push(...(await runAxe(page, 'signup with errors')).lines);

        // An offer with a blank message, on a wish card.
        await page.goto('/wishes');
        const card = page.locator('.wish-card').first();
        const cardId = await card.getAttribute('id');
        await card.getByText('Offer support…').click();
        await card.getByLabel('Kind of support').selectOption('skill');
        await card.getByLabel('Your offer').fill('   ');
        await card.getByLabel('Your name').fill('Olga Offer');
        await card.getByLabel('Your email').fill('olga@example.org');
        expect(await submit(page, card.getByRole('button', { name: 'Send offer' }))).toBe(400);
        // The answer opens at the card, not at the top of a long board.
        expect(new URL(page.url()).hash).toBe(`#${cardId}`);
        const body = page.locator(`[id="${cardId}"]`).getByLabel('Your offer');
        await expect(body.getAttribute('aria-invalid')).resolves.toBe('true');
        // The message is tied to the field, so a screen reader reads it with the field.
        const describedBy = (await body.getAttribute('aria-describedby')) ?? '';
        const messages = await Promise.all(
          describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()),
        );
        expect(messages.join(' ')).toContain('Your offer is required.');
        found.push(...(await runAxe(page, 'offer with errors')).lines);
        expect(found).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('no page scrolls sideways on a 320 px wide screen', async () => {
    const narrow = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, baseURL: server.url };
    const reader = await browser.newContext(narrow);
    const author = await browser.newContext(narrow);
    try {
      await logIn(author, sample.authorEmail, sample.password);
      const found: string[] = [];
      for (const [context, paths] of [
        [reader, readerPages()],
        [author, [...authorPages(), '/admin/prompts', '/admin/settings', '/admin/posts/new', '/admin/media']],
      ] as const) {
        const page = await context.newPage();
        for (const path of paths) {
          await page.goto(path);
          found.push(...(await sidewaysOverflow(page)).map((e) => `${path}: ${e}`));
        }
      }
      expect(found).toEqual([]);
    } finally {
      await reader.close();
      await author.close();
    }
  });

  it('the seeded post has a threaded conversation and the board has offers and a granted wish', async () => {
    const html = await (await fetch(`${server.url}/posts/${sample.postSlug}`)).text();
    expect(html).toContain('6 comments');
    // Three levels: three comment articles open before the first one closes.
    const thread = html.slice(html.indexOf('<article id="comment-'));
    expect(thread.slice(0, thread.indexOf('</article>')).match(/<article /g)?.length).toBeGreaterThanOrEqual(3);
    const board = await (await fetch(`${server.url}/wishes`)).text();
    expect(board).toContain('Make a wish');
    expect(board).toContain('Granted');
    expect(board).toContain('Offer support');
  });
});
