// The wish board in a real browser with JavaScript off: on the wish day a reader wishes,
// another offers an introduction and cheers (twice, counted once), the wisher accepts and
// marks the wish granted. Restarted with tomorrow as the wish day on the same database:
// no wish form, tomorrow named, and the earlier wish form replayed is refused.
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { waitOutMidnight } from '../helpers/time.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEEKDAYS } from '../../src/lib/config.ts';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { dbTargets } from '../helpers/db.ts';
import { createConfirmedAccount, makeConfirmedAccount, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import { submitForm } from '../helpers/page.ts';
import { createTestSite, postForm, startServer, type RunningServer, type TestSite } from '../helpers/server.ts';

const PASSWORD = 'a long enough password';

/** Clicks a submit button inside one card (other cards have buttons with the same name). */
async function submitIn(page: Page, scope: Locator, buttonName: string): Promise<number> {
  const documents: Response[] = [];
  const onResponse = (r: Response) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) documents.push(r);
  };
  page.on('response', onResponse);
  try {
    await Promise.all([
      page.waitForEvent('load'),
      scope.getByRole('button', { name: buttonName, exact: true }).click(),
    ]);
  } finally {
    page.off('response', onResponse);
  }
  return (
    documents
      .filter((r) => r.status() < 300 || r.status() >= 400)
      .at(-1)
      ?.status() ?? 0
  );
}

/** The readers, seeded with their email confirmed: an unconfirmed account's wishes and offers are held. */
const READERS = ['Alice', 'Bob', 'Rita'] as const;
const readerEmail = (name: string) => `${name.toLowerCase()}@example.test`;

async function logIn(context: BrowserContext, name: (typeof READERS)[number]): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/login?next=%2Fwishes');
  await page.getByLabel('Email', { exact: true }).fill(readerEmail(name));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/wishes$/);
  return page;
}

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'wishcast_session');
  if (!cookie) throw new Error('no session cookie');
  return `${cookie.name}=${cookie.value}`;
}

describe.skipIf(!hasChromium).each(dbTargets)('the wish board in Chromium without JavaScript on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let browser: Browser;
  let today: string;
  let tomorrow: (typeof WEEKDAYS)[number];
  const env = (wishDay: string) => ({ SITE_TIMEZONE: 'UTC', WISH_DAY: wishDay, RATE_LIMIT_FACTOR: '100' });
  // Carried from the wish day to the day after.
  const saved = { boardDate: '', wishId: '', aliceCookie: '', bobCookie: '', wishText: '' };
  const authorEmail = uniqueEmail('author');

  beforeAll(async () => {
    await waitOutMidnight();
    const weekday = DateTime.utc().weekday; // 1 = Monday … 7 = Sunday
    today = DateTime.utc().toISODate()!;
    tomorrow = WEEKDAYS[weekday % 7]!;
    site = await createTestSite(target);
    const db = site.openDb();
    try {
      await makeConfirmedAccount(db, { name: 'Ada Author', email: authorEmail, role: 'author' });
      for (const name of READERS)
        await createConfirmedAccount(db, { name, email: readerEmail(name), password: PASSWORD });
    } finally {
      await db.destroy();
    }
    server = await startServer(site, env(WEEKDAYS[weekday - 1]!));
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await site?.cleanup();
  });

  it('on the wish day: a wish, an offer, a cheer counted once, an accepted offer and a granted wish', async () => {
    const aliceContext = await noScriptContext(browser, server.url);
    const bobContext = await noScriptContext(browser, server.url);
    try {
      // The home page says the board is open.
      const alice = await logIn(aliceContext, 'Alice');
      await alice.goto('/');
      await alice.getByRole('link', { name: 'The wish board is open today — make a wish' }).click();
      await alice.waitForURL(/\/wishes$/);

      // A blank wish is refused beside the field; then a real one is published at once.
      await alice.getByLabel('Your wish').fill('   ');
      expect(await submitForm(alice, 'Make a wish')).toBe(400);
      await expect(alice.locator('#field-body-error').textContent()).resolves.toBe('Your wish is required.');
      saved.wishText = `I wish to find three clients who love what I do (${target})`;
      await alice.getByLabel('Your wish').fill(saved.wishText);
      saved.boardDate = (await alice.locator('input[name="board_date"]').getAttribute('value'))!;
      expect(saved.boardDate).toBe(today);
      expect(await submitForm(alice, 'Make a wish')).toBe(200);
      saved.wishId = new URL(alice.url()).hash.replace('#wish-', '');
      expect(saved.wishId).toMatch(/^\d+$/);
      const aliceCard = alice.locator(`#wish-${saved.wishId}`);
      await expect(aliceCard.textContent()).resolves.toContain(saved.wishText);
      saved.aliceCookie = await sessionCookie(aliceContext);

      // Bob offers an introduction.
      const bob = await logIn(bobContext, 'Bob');
      const bobCard = bob.locator(`#wish-${saved.wishId}`);
      await bobCard.getByText('Offer support…').click();
      // A blank message comes back with its error beside the field and the chosen kind kept.
      await bobCard.getByLabel('Kind of support').selectOption('referral');
      await bobCard.getByLabel('Your offer').fill('  ');
      expect(await submitIn(bob, bobCard, 'Send offer')).toBe(400);
      await expect(bobCard.locator('.field-error').allTextContents()).resolves.toContain('Your offer is required.');
      expect(await bobCard.getByLabel('Kind of support').inputValue()).toBe('referral');
      await bobCard.getByLabel('Kind of support').selectOption('introduction');
      await bobCard.getByLabel('Your offer').fill('I know a design studio looking for exactly you.');
      expect(await submitIn(bob, bobCard, 'Send offer')).toBe(200);
      const offer = bob.locator(`#wish-${saved.wishId} .offer`).first();
      await expect(offer.locator('.offer-kind').textContent()).resolves.toBe('Introduction');
      await expect(offer.textContent()).resolves.toContain('I know a design studio');

      // Bob cheers from two tabs: the second press is refused and the count stays at one.
      const staleTab = await bobContext.newPage();
      await staleTab.goto('/wishes');
      expect(await submitIn(bob, bobCard, 'I wish this for you too')).toBe(200);
      await expect(bobCard.locator('.cheer-count').textContent()).resolves.toBe('1 person wishes this too');
      await expect(bobCard.textContent()).resolves.toContain('You wish this too');
      const staleCard = staleTab.locator(`#wish-${saved.wishId}`);
      expect(await submitIn(staleTab, staleCard, 'I wish this for you too')).toBe(409);
      await expect(staleCard.textContent()).resolves.toContain('You already wish this too');
      await expect(staleCard.locator('.cheer-count').textContent()).resolves.toBe('1 person wishes this too');
      saved.bobCookie = await sessionCookie(bobContext);

      // Alice accepts the offer and marks her wish granted with a note.
      await alice.goto('/wishes');
      expect(await submitIn(alice, aliceCard, 'Accept this offer')).toBe(200);
      await expect(aliceCard.locator('.offer .accepted').textContent()).resolves.toBe('Accepted');
      await aliceCard.getByText('Mark as granted…').click();
      await aliceCard.getByLabel('Thank-you note (optional)').fill('Thank you, **Bob**: the studio hired me!');
      expect(await submitIn(alice, aliceCard, 'Mark as granted')).toBe(200);
      await expect(aliceCard.locator('.granted-label strong').textContent()).resolves.toBe('Granted');
      await expect(aliceCard.locator('.thank-you').innerHTML()).resolves.toContain('<strong>Bob</strong>');
      await alice.goto('/wishes/granted');
      await expect(alice.locator('main').textContent()).resolves.toContain(saved.wishText);

      // Bob hears that his offer was accepted; visitors are asked to sign in to cheer.
      await bob.goto('/notifications');
      await expect(bob.locator('main').textContent()).resolves.toContain('Alice accepted your offer of introduction');
      const visitor = await (await noScriptContext(browser, server.url)).newPage();
      await visitor.goto('/wishes');
      const signIn = visitor.getByRole('link', { name: 'Sign in to wish this too' });
      expect(await signIn.getAttribute('href')).toBe(
        `/login?next=${encodeURIComponent(`/wishes#wish-${saved.wishId}`)}`,
      );
      expect(await visitor.getByRole('button', { name: 'I wish this for you too' }).count()).toBe(0);
      expect(await visitor.locator('script').count()).toBe(0);
      await visitor.context().close();
    } finally {
      await aliceContext.close();
      await bobContext.close();
    }
  });

  it("holds a visitor's wish for them alone until the author approves it; prompts and reminders", async () => {
    const visitorContext = await noScriptContext(browser, server.url);
    const otherContext = await noScriptContext(browser, server.url);
    const authorContext = await noScriptContext(browser, server.url);
    try {
      const visitor = await visitorContext.newPage();
      await visitor.goto('/wishes');
      const form = visitor.getByRole('region', { name: 'Make a wish' });
      await form.getByLabel('Your wish').fill('I wish for a quiet corner to write in.');
      await form.getByLabel('Your name').fill('Vera Visitor');
      await form.getByLabel('Your email').fill('vera@example.org');
      expect(await submitForm(visitor, 'Make a wish')).toBe(200);
      const held = visitor.locator(`#${new URL(visitor.url()).hash.slice(1)}`);
      await expect(held.textContent()).resolves.toContain('Held for moderation: only you can see this');
      const other = await otherContext.newPage();
      await other.goto('/wishes');
      await expect(other.locator('main').textContent()).resolves.not.toContain('a quiet corner');

      // The author approves it from the dashboard.
      const author = await authorContext.newPage();
      await author.goto('/login?next=%2Fadmin%2Fwishes');
      await author.getByLabel('Email', { exact: true }).fill(authorEmail);
      await author.getByLabel('Password').fill(TEST_PASSWORD);
      await author.getByRole('button', { name: 'Log in' }).click();
      await author.waitForURL(/\/admin\/wishes$/);
      const item = author.locator('.queue li', { hasText: 'a quiet corner' });
      await expect(item.textContent()).resolves.toContain('vera@example.org');
      expect(await submitIn(author, item, 'Approve')).toBe(200);
      await other.goto('/wishes');
      await expect(other.locator('main').textContent()).resolves.toContain('a quiet corner');

      // The author sets next week's prompt.
      await author.goto('/admin/prompts');
      const nextWeek = DateTime.utc().plus({ days: 7 }).toISODate()!;
      const prompt = author.locator(`#prompt-${nextWeek}`);
      await prompt.getByRole('textbox').fill('Who could you introduce to someone this week?');
      expect(await submitIn(author, prompt, 'Save prompt')).toBe(200);
      expect(await author.locator(`#prompt-${nextWeek} textarea`).inputValue()).toBe(
        'Who could you introduce to someone this week?',
      );

      // A reader asks to be reminded when the board opens.
      const reader = await logIn(await browser.newContext({ javaScriptEnabled: false, baseURL: server.url }), 'Rita');
      await reader.goto('/account');
      await reader.getByLabel(/Remind me when the wish board opens/).check();
      expect(await submitForm(reader, 'Save settings')).toBe(200);
      expect(await reader.getByLabel(/Remind me when the wish board opens/).isChecked()).toBe(true);
      await reader.context().close();
    } finally {
      await visitorContext.close();
      await otherContext.close();
      await authorContext.close();
    }
  });

  it('the next day (tomorrow as the wish day): no wish form, tomorrow named, the replayed wish refused', async () => {
    expect(saved.wishId).not.toBe('');
    await server.stop();
    server = await startServer(site, env(tomorrow));
    const Tomorrow = tomorrow[0]!.toUpperCase() + tomorrow.slice(1);

    const context = await noScriptContext(browser, server.url);
    try {
      const page = await context.newPage();
      await page.goto('/');
      await expect(page.locator('.board-state').textContent()).resolves.toContain(`Next wish day: ${Tomorrow},`);
      await page.goto('/wishes');
      expect(await page.getByLabel('Your wish').count()).toBe(0);
      const expectedDay = DateTime.utc().plus({ days: 1 }).setLocale('en-GB').toFormat('cccc, d LLLL');
      await expect(page.locator('main').textContent()).resolves.toContain(
        `The next wish board opens on ${expectedDay}`,
      );
      expect(expectedDay.startsWith(Tomorrow)).toBe(true);

      // Yesterday's board is read-only: the wish, its offer and "Granted", but no forms to offer or cheer.
      const response = await page.goto(`/wishes/${saved.boardDate}`);
      expect(response?.status()).toBe(200);
      const card = page.locator(`#wish-${saved.wishId}`);
      await expect(card.textContent()).resolves.toContain(saved.wishText);
      await expect(card.locator('.granted-label strong').textContent()).resolves.toBe('Granted');
      await expect(card.locator('.cheer-count').textContent()).resolves.toBe('1 person wishes this too');
      expect(
        await page
          .getByRole('button')
          .filter({ hasText: /Send offer|I wish this for you too/ })
          .count(),
      ).toBe(0);
    } finally {
      await context.close();
    }

    // Alice's earlier wish form, replayed with its old hidden fields and her cookie.
    const replay = await postForm(
      server.url,
      '/wishes?_action=wishes.post',
      { board_date: saved.boardDate, body: 'A replayed wish from yesterday' },
      { cookie: saved.aliceCookie },
    );
    expect(replay.status).toBe(409);
    const html = await replay.text();
    expect(html).toContain('The wish board is closed');
    expect(html).toContain('A replayed wish from yesterday'); // the text is kept for her
    // Bob's offer form on yesterday's board, replayed: also refused.
    const lateOffer = await postForm(
      server.url,
      `/wishes/${saved.boardDate}?_action=wishes.offer`,
      { wish_id: saved.wishId, board_date: saved.boardDate, kind: 'skill', body: 'Late help' },
      { cookie: saved.bobCookie },
    );
    expect(lateOffer.status).toBe(409);
    const board = await (await fetch(`${server.url}/wishes/${saved.boardDate}`)).text();
    expect(board).not.toContain('A replayed wish');
    expect(board).not.toContain('Late help');

    // Dates in URLs: malformed or unknown → 404.
    for (const path of ['/wishes/2026-02-30', '/wishes/latest', '/wishes/1999-01-06']) {
      expect((await fetch(`${server.url}${path}`)).status).toBe(404);
    }
  });
});
