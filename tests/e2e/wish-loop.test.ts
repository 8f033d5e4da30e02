// The wish loop as new people would live it, in Chromium with JavaScript off:
// a visitor wishes, a reader offers an introduction from the "help first" block,
// the visitor accepts through the manage link, they exchange messages, one shares
// an email; two weeks later (the server restarted with its clock moved) the
// follow-up arrives, the visitor carries the wish forward, then marks it granted,
// and the granted wall and its feed show the thank-you. Another reader and an
// anonymous reader never see the private thread, from the page or from the cache.
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { startServer } from '../helpers/server.ts';
import { dbTargets, startSampleSite, stopSampleSite, type RunningServer, type TestSite } from '../helpers/site.ts';
import { todayWeekdayUtc, waitOutMidnight } from '../helpers/time.ts';
import { createConfirmedAccount } from '../helpers/fixtures.ts';

const PASSWORD = 'wish loop e2e password';
const TWO_WEEKS_AND_AN_HOUR = 14 * 86_400 + 3600;
const SECRET = {
  wish: 'I wish to print my first zine',
  hello: 'Thank you! Yes please, introduce us.',
  reply: 'Lovely. My cousin Jo runs a riso studio; I will write to you both.',
  thanks: 'Jo printed it! **Thank you**, Rita.',
};

/** Clicks a submit button within `scope` and answers the status of the page that finally loads. */
async function submitIn(page: Page, scope: Locator, name: string): Promise<number> {
  const documents: Response[] = [];
  const onResponse = (r: Response) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) documents.push(r);
  };
  page.on('response', onResponse);
  try {
    await Promise.all([page.waitForEvent('load'), scope.getByRole('button', { name, exact: true }).click()]);
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

async function logIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState('load');
  return page;
}

async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').textContent()) ?? '';
}

describe.skipIf(!hasChromium).each(dbTargets)('the wish loop without JavaScript on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let browser: Browser;
  const env = { SITE_TIMEZONE: 'UTC', WISH_DAY: todayWeekdayUtc(), RATE_LIMIT_FACTOR: '100' };
  const people = { rita: 'rita@example.test', oscar: 'oscar@example.test', author: 'author@example.test' };
  let contexts: Record<'vera' | 'rita' | 'oscar' | 'author', BrowserContext>;
  const saved = { manageUrl: '', wishPath: '', offerId: '' };

  beforeAll(async () => {
    await waitOutMidnight();
    ({ site, server } = await startSampleSite(target, {
      env,
      seed: async (db) => {
        await createConfirmedAccount(db, { name: 'Rita Reader', email: people.rita, password: PASSWORD });
        await createConfirmedAccount(db, { name: 'Oscar Other', email: people.oscar, password: PASSWORD });
        await createConfirmedAccount(db, { name: 'Ada Author', email: people.author, password: PASSWORD }, 'author');
      },
    }));
    browser = await launchBrowser();
    contexts = {
      vera: await noScriptContext(browser, server.url),
      rita: await noScriptContext(browser, server.url),
      oscar: await noScriptContext(browser, server.url),
      author: await noScriptContext(browser, server.url),
    };
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stopSampleSite(site, server);
  });

  /** What someone who must not see the thread gets, from Astro and from the cache. */
  async function expectNoThreadFor(page: Page | null, path: string) {
    const bodies: string[] = [];
    if (page) {
      await page.goto(server.url + path);
      bodies.push(await page.content());
    }
    for (let i = 0; i < 2; i++) bodies.push(await (await fetch(server.url + path)).text());
    for (const body of bodies) {
      expect(body).toContain(SECRET.wish);
      expect(body).not.toContain('Private conversation');
      for (const secret of [SECRET.hello, 'riso studio', people.rita]) expect(body).not.toContain(secret);
    }
  }

  it('a visitor wishes, a reader offers first, the visitor accepts and they talk privately', async () => {
    // The visitor wishes, and lands on their private manage page, shown once.
    const vera = await contexts.vera.newPage();
    await vera.goto('/wishes');
    const form = vera.getByRole('region', { name: 'Make a wish' });
    await form.getByLabel('Your wish').fill(SECRET.wish);
    await form.getByLabel('Your name').fill('Vera Visitor');
    await form.getByLabel('Your email').fill('vera@example.org');
    expect(await submitIn(vera, form, 'Make a wish')).toBe(200);
    expect(vera.url()).toMatch(/\/wishes\/manage\/[A-Za-z0-9_-]{43}\?new=1#wish-\d+$/);
    saved.manageUrl = vera.url().split('?')[0]!;
    await expect(mainText(vera)).resolves.toContain('This is your private page for it');
    const first = await fetch(saved.manageUrl);
    expect(first.headers.get('cache-control')).toBe('private, no-store');
    expect(first.headers.get('referrer-policy')).toBe('same-origin');
    // The page names the public wish as canonical, so its own address (the token) is in no shared tag.
    const manageHtml = await first.text();
    const wishIdNow = new URL(vera.url()).hash.replace('#wish-', '');
    expect(manageHtml).toMatch(new RegExp(`<link rel="canonical" href="[^"]*/wishes/[\\d-]+/${wishIdNow}">`));
    expect(manageHtml).toMatch(new RegExp(`<meta property="og:url" content="[^"]*/wishes/[\\d-]+/${wishIdNow}">`));
    const wishId = new URL(vera.url()).hash.replace('#wish-', '');

    // The author approves the visitor's first wish.
    const author = await logIn(contexts.author, people.author);
    await author.goto('/admin/wishes');
    const item = author.locator('.queue li', { hasText: SECRET.wish });
    expect(await submitIn(author, item, 'Approve')).toBe(200);

    // Rita is asked to help first, and offers an introduction from that block.
    const rita = await logIn(contexts.rita, people.rita);
    await rita.goto('/wishes');
    const helpFirst = rita.getByRole('region', { name: 'Could you help one of these first?' });
    await expect(helpFirst.textContent()).resolves.toContain(SECRET.wish);
    await helpFirst.getByText('Offer support…').click();
    await helpFirst.getByLabel('Kind of support').selectOption('introduction');
    await helpFirst.getByLabel('Your offer').fill('My cousin prints zines. May I introduce you?');
    expect(await submitIn(rita, helpFirst, 'Send offer')).toBe(200);

    // The visitor accepts through the manage link; the private conversation opens.
    await vera.goto(saved.manageUrl);
    const offer = vera.locator('.offer', { hasText: 'My cousin prints zines' });
    saved.offerId = (await offer.getAttribute('id'))!.replace('offer-', '');
    expect(await submitIn(vera, offer, 'Accept this offer')).toBe(200);
    // POST, then redirect back to the manage page (the token stays in the path).
    expect(vera.url()).toBe(`${saved.manageUrl}#offer-${saved.offerId}`);
    const thread = vera.locator(`#thread-${saved.offerId}`);
    await expect(thread.textContent()).resolves.toContain('Only the two of you');
    await thread.getByLabel('Your message').fill(SECRET.hello);
    expect(await submitIn(vera, thread, 'Send message')).toBe(200);
    expect(vera.url()).toBe(`${saved.manageUrl}#thread-${saved.offerId}`);

    // Rita hears of it, replies on the wish's page, and shares her email in one click.
    await rita.goto('/notifications');
    await expect(mainText(rita)).resolves.toContain('Vera Visitor accepted your offer of introduction');
    await rita.getByRole('link', { name: 'Vera Visitor wrote to you about a wish' }).click();
    saved.wishPath = new URL(rita.url()).pathname;
    expect(saved.wishPath).toBe(`/wishes/${new URL(rita.url()).pathname.split('/')[2]}/${wishId}`);
    const ritaThread = rita.locator(`#thread-${saved.offerId}`);
    await expect(ritaThread.textContent()).resolves.toContain(SECRET.hello);
    await expect(mainText(vera)).resolves.not.toContain(people.rita);
    await ritaThread.getByLabel('Your message').fill(SECRET.reply);
    expect(await submitIn(rita, ritaThread, 'Send message')).toBe(200);
    expect(rita.url()).toBe(`${server.url}${saved.wishPath}#thread-${saved.offerId}`);
    expect(await submitIn(rita, rita.locator(`#thread-${saved.offerId}`), 'Share my email address')).toBe(200);
    await vera.goto(saved.manageUrl);
    const veraThread = vera.locator(`#thread-${saved.offerId}`);
    await expect(veraThread.textContent()).resolves.toContain(SECRET.reply);
    await expect(veraThread.getByRole('link', { name: people.rita }).getAttribute('href')).resolves.toBe(
      `mailto:${people.rita}`,
    );
    // Nothing of Vera's was shared: she did not click.
    await expect(rita.locator('main').textContent()).resolves.not.toContain('vera@example.org');
  });

  it('never shows the thread to another reader or an anonymous one, the author reads it', async () => {
    const oscar = await logIn(contexts.oscar, people.oscar);
    await expectNoThreadFor(oscar, saved.wishPath);
    await expectNoThreadFor(null, '/wishes');
    const feed = await (await fetch(`${server.url}/wishes/${saved.wishPath.split('/')[2]}/rss.xml`)).text();
    expect(feed).toContain(SECRET.wish);
    expect(feed).not.toContain('riso studio');
    // The wish's page can be shared: canonical, Open Graph, and listed in the sitemap.
    const shared = await (await fetch(server.url + saved.wishPath)).text();
    expect(shared).toContain(`<link rel="canonical" href="${server.url}${saved.wishPath}">`);
    expect(shared).toContain('<meta property="og:type" content="article">');
    expect(shared).toContain(`<meta property="og:description" content="${SECRET.wish}">`);
    expect(await (await fetch(`${server.url}/sitemap.xml`)).text()).toContain(`${server.url}${saved.wishPath}`);
    const author = await contexts.author.newPage();
    await author.goto(server.url + saved.wishPath);
    await expect(author.locator(`#thread-${saved.offerId}`).textContent()).resolves.toContain('riso studio');
  });

  it('two weeks on: the follow-up arrives, the visitor carries the wish forward, then it is granted', async () => {
    // The same site, its server restarted with the clock two weeks (and an hour) on.
    await server.stop();
    server = await startServer(site, { ...env, CLOCK_OFFSET_SECONDS: String(TWO_WEEKS_AND_AN_HOUR) });
    const vera = await contexts.vera.newPage();
    // The follow-up job runs at start-up; the manage page asks once it has.
    const deadline = Date.now() + 20_000;
    let text = '';
    while (Date.now() < deadline) {
      await vera.goto(server.url + new URL(saved.manageUrl).pathname);
      text = await mainText(vera);
      if (text.includes('How did it go?')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(text).toContain('It has been 2 weeks since you made this wish');
    const followUp = vera.getByRole('region', { name: 'How did it go?' });
    expect(await submitIn(vera, followUp, "Carry it forward to this week's board")).toBe(200);
    await expect(mainText(vera)).resolves.toContain('Carried forward from the board of');
    // The carried wish keeps the earlier offer and its conversation in view.
    await expect(vera.locator(`#thread-${saved.offerId}`).textContent()).resolves.toContain('riso studio');

    const grant = vera.getByRole('region', { name: 'When your wish comes true' });
    await grant.getByLabel('Thank-you note (optional)').fill(SECRET.thanks);
    expect(await submitIn(vera, grant, 'Mark as granted')).toBe(200);
    await expect(vera.locator('.granted').textContent()).resolves.toContain('Jo printed it!');

    const wall = await (await fetch(`${server.url}/wishes/granted`)).text();
    expect(wall).toContain(SECRET.wish);
    expect(wall).toContain('Jo printed it! <strong>Thank you</strong>, Rita.');
    const feed = await (await fetch(`${server.url}/wishes/granted.xml`)).text();
    expect(feed).toContain('Jo printed it! &lt;strong&gt;Thank you&lt;/strong&gt;, Rita.');
    expect(feed).not.toContain('riso studio');
  });

  it('after the loop too, the thread stays private, and the author sees the give-first offer counted', async () => {
    const oscar = await contexts.oscar.newPage();
    await oscar.goto(`${server.url}/wishes`);
    const newWish = oscar.locator('.wish-card', { hasText: SECRET.wish }).getByRole('link', { name: /wishes…/ });
    const newPath = (await newWish.getAttribute('href'))!;
    await expectNoThreadFor(oscar, newPath);
    await expectNoThreadFor(null, saved.wishPath);
    const author = await contexts.author.newPage();
    await author.goto(`${server.url}/admin/stats`);
    const row = author.locator('tbody tr').first();
    // Two boards: the first had one wish with one offer, made from the give-first block.
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('1');
    await expect(author.locator('svg[role="img"]').count()).resolves.toBe(1);
  });
});
