// Search and people in a real browser with JavaScript off, on each database: a
// reader searches a word from an old wish and finds it highlighted; a member sets
// a bio and a website, sees their profile, downloads their data and deletes
// their account, and their old comment then reads "a former member". Hostile
// search strings never get a 5xx, and the new forms refuse those they are not for.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComment } from '../../src/lib/comments/service.ts';
import { renderMarkdown } from '../../src/lib/markdown/markdown.ts';
import { openBoard } from '../../src/lib/wishes/board/boards.ts';
import { insertWish } from '../../src/lib/wishes/repo.ts';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { makeConfirmedAccount, makePost, TEST_PASSWORD } from '../helpers/fixtures.ts';
import { submitForm } from '../helpers/page.ts';
import {
  cookieFrom,
  dbTargets,
  postForm,
  startSampleSite,
  stopSampleSite,
  type RunningServer,
  type TestSite,
} from '../helpers/site.ts';

const OLD_BOARD = '2026-10-07';

describe.skipIf(!hasChromium).each(dbTargets)('search and people in Chromium without JavaScript on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let browser: Browser;
  let wishId = 0;

  beforeAll(async () => {
    ({ site, server } = await startSampleSite(target, {
      seed: async (db) => {
        const board = (await openBoard(db, OLD_BOARD, new Date(`${OLD_BOARD}T00:00:00Z`), 'UTC')).board;
        const wish = (body: string, status: 'approved' | 'pending') =>
          insertWish(db, {
            boardId: board.id,
            userId: null,
            authorName: 'Ursula',
            authorEmail: 'ursula@example.test',
            bodyMd: body,
            bodyHtml: renderMarkdown(body, 'strict'),
            status,
            ip: null,
            visitorTokenHash: null,
            now: new Date(`${OLD_BOARD}T09:00:00Z`),
          });
        wishId = await wish('I wish to learn the **accordion** before spring <b>comes</b>', 'approved');
        await wish('A held accordion wish nobody may see yet', 'pending');
        const post = await makePost(db, { title: 'Welcome, neighbours', slug: 'welcome-neighbours' });
        const mila = await makeConfirmedAccount(db, { name: 'Mila Member', email: 'mila@example.test' });
        await createComment(
          db,
          { post_id: String(post.id), body: 'Glad to be here, neighbours!' },
          { user: { id: mila.id, name: mila.name, role: mila.role }, ip: '192.0.2.5', visitorTokenHash: null },
          new Date(),
        );
        await makeConfirmedAccount(db, { name: 'Other Person', email: 'other@example.test' });
        await makeConfirmedAccount(db, { name: 'Handle Holder', email: 'holder@example.test' });
      },
    }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stopSampleSite(site, server);
  });

  it('lets a reader search a word from an old wish with the header box and find it highlighted', async () => {
    const context = await noScriptContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/');
    const box = page.getByRole('search');
    await box.getByLabel('Search posts and wishes').fill('accordion');
    expect(await submitForm(page, 'Search')).toBe(200);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/search?q=accordion');

    const results = page.locator('ol.results > li');
    expect(await results.count()).toBe(1);
    expect(await results.locator('mark').allTextContents()).toEqual(['accordion']);
    const excerpt = await results.locator('article > p').last().innerHTML();
    expect(excerpt).toBe('I wish to learn the <mark>accordion</mark> before spring &lt;b&gt;comes&lt;/b&gt;');
    expect(await page.content()).not.toContain('held accordion wish');

    await results.getByRole('link', { name: 'A wish by Ursula' }).click();
    await page.waitForURL(`${server.url}/wishes/${OLD_BOARD}#wish-${wishId}`);
    expect(await page.locator(`#wish-${wishId}`).textContent()).toContain('accordion');

    await page.goto('/search?q=zeppelin+accordion+-spring');
    expect(await page.getByRole('heading', { name: /Nothing found/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'zeppelin', exact: true }).getAttribute('href')).toBe(
      '/search?q=zeppelin',
    );
    await context.close();
  });

  it('never answers a hostile search with a 5xx', async () => {
    const get = async (rawQuery: string) => {
      const res = await fetch(`${server.url}/search?${rawQuery}`);
      await res.arrayBuffer();
      return res.status;
    };
    for (const raw of ['q=%00', 'q=a&q=b', 'page=-1&q=x', `q=${'x'.repeat(10_000)}`, 'q=%5C%22%27', 'q=%F0%9F%92%90']) {
      expect(await get(raw), raw).toBe(200);
    }
    // Addresses that are not valid percent-encoded UTF-8: Astro's adapter answers 400 before any page runs.
    for (const raw of ['q=%FF%FE', 'q=%E0%A4%A']) expect(await get(raw), raw).toBe(400);
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc
        .array(
          fc.constantFrom(
            '"',
            '\\',
            "'",
            '&',
            '|',
            '!',
            '(',
            ')',
            ':',
            '*',
            '<',
            '>',
            '-',
            'or',
            ' ',
            '\u0000',
            '💐',
            'é',
          ),
          { maxLength: 60 },
        )
        .map((a) => a.join('')),
      fc.string({ minLength: 5000, maxLength: 10_000 }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, fc.string({ maxLength: 8 }), async (q, page) => {
        const status = await get(new URLSearchParams({ q, page }).toString());
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('lets a member set a bio and website, see the profile, take their data and leave as "a former member"', async () => {
    const context = await noScriptContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/login?next=%2Faccount');
    await page.getByLabel('Email').fill('mila@example.test');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/account`);

    // A bad website is refused beside its field, with the bio kept.
    await page.getByLabel('Bio (optional)').fill('I grow *tomatoes* and fix bicycles.');
    await page.getByLabel('Website (optional)').fill('ftp://mila.example');
    expect(await submitForm(page, 'Save profile')).toBe(400);
    expect(await page.locator('#field-website-error').textContent()).toMatch(/web address/);
    expect(await page.getByLabel('Bio (optional)').inputValue()).toBe('I grow *tomatoes* and fix bicycles.');
    await page.getByLabel('Website (optional)').fill('https://mila.example/');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.waitForURL(`${server.url}/account?saved=profile`);

    await page.getByRole('link', { name: '/people/mila-member' }).click();
    await page.waitForURL(`${server.url}/people/mila-member`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mila Member');
    expect(await page.locator('.bio').innerHTML()).toBe('<p>I grow <em>tomatoes</em> and fix bicycles.</p>');
    const website = page.getByRole('link', { name: 'mila.example' });
    expect(await website.getAttribute('href')).toBe('https://mila.example/');
    expect(await website.getAttribute('rel')).toBe('ugc nofollow');
    expect(await page.locator('section', { hasText: 'Recent comments' }).textContent()).toContain('Glad to be here');
    const avatar = await fetch(`${server.url}/people/mila-member/avatar.svg`);
    expect(avatar.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(avatar.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await avatar.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(await page.locator('img.avatar').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    // Her name in the thread leads to her profile.
    await page.goto('/posts/welcome-neighbours');
    expect(await page.locator('.cm-name a').getAttribute('href')).toBe('/people/mila-member');

    await page.goto('/account');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download your data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^wishcast-mila-member-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.account).toMatchObject({
      email: 'mila@example.test',
      handle: 'mila-member',
      website: 'https://mila.example/',
    });
    expect(data.comments.map((c: { body_md: string }) => c.body_md)).toEqual(['Glad to be here, neighbours!']);
    expect(JSON.stringify(data)).not.toMatch(/password|argon2/);

    await page.getByRole('link', { name: 'Delete your account' }).click();
    await page.waitForURL(`${server.url}/account/delete`);
    await page.getByLabel('Your password').fill('the wrong one');
    await page.getByLabel('Yes, delete my account').check();
    expect(await submitForm(page, 'Delete my account')).toBe(400);
    expect(await page.locator('#field-password-error').textContent()).toMatch(/not your password/);
    await page.getByLabel('Keep their text, signed “a former member”').check();
    await page.getByLabel('Your password').fill(TEST_PASSWORD);
    await page.getByLabel('Yes, delete my account').check();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(`${server.url}/goodbye`);
    expect(await page.locator('header').textContent()).toContain('Log in');

    await page.goto('/posts/welcome-neighbours');
    const comment = page.locator('article.cm').first();
    expect(await comment.locator('.cm-name').textContent()).toBe('a former member');
    expect(await comment.locator('.cm-body').textContent()).toContain('Glad to be here, neighbours!');
    expect(await comment.locator('.cm-name a').count()).toBe(0);
    expect((await page.goto('/people/mila-member'))!.status()).toBe(404);
    await context.close();
  });

  it('refuses the profile forms and the data download to visitors, and a handle taken by another', async () => {
    for (const action of ['people.updateProfile', 'people.deleteAccount']) {
      const res = await postForm(server.url, `/_actions/${action}`, { name: 'X', handle: 'x-x', password: 'p' });
      expect(res.status, action).toBe(401);
    }
    const exported = await fetch(`${server.url}/account/export.json`, { redirect: 'manual' });
    expect(exported.status).toBe(303);
    expect(exported.headers.get('location')).toMatch(/^\/login\?next=/);

    const login = await postForm(server.url, '/login?_action=auth.logIn', {
      email: 'other@example.test',
      password: TEST_PASSWORD,
    });
    const cookie = cookieFrom(login);
    const taken = await postForm(
      server.url,
      '/account?_action=people.updateProfile',
      { name: 'Other Person', handle: 'handle-holder', bio: '', website: '' },
      { cookie },
    );
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('That handle is taken');
    // Their own data only: the download names the signed-in account.
    const own = await fetch(`${server.url}/account/export.json?user=handle-holder`, { headers: { cookie } });
    expect((await own.json()).account.email).toBe('other@example.test');
  });
});
