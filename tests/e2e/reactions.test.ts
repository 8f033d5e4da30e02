// Reactions in a real browser with JavaScript off: two readers give a post a
// heart and a comment "me too"; a second press takes a reaction back; each
// reader sees their own pressed, another reader (served the page kept for all)
// and an anonymous visitor see the new counts on the very next request.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComment } from '../../src/lib/comments/service.ts';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { dbTargets } from '../helpers/db.ts';
import { createConfirmedAccount, makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';
import {
  cookieFrom,
  createTestSite,
  postForm,
  startServer,
  type RunningServer,
  type TestSite,
} from '../helpers/server.ts';

const PASSWORD = 'a long enough password';
const READERS = ['Ann', 'Ben', 'Cat'] as const;
const emailOf = (name: string) => `${name.toLowerCase()}@reactions.test`;

describe.skipIf(!hasChromium).each(dbTargets)('reactions in Chromium without JavaScript on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let browser: Browser;
  let slug: string;
  let commentId: number;
  const contexts: BrowserContext[] = [];

  async function readerPage(name: (typeof READERS)[number]): Promise<Page> {
    const context = await noScriptContext(browser, server.url);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`/login?next=${encodeURIComponent(`/posts/${slug}`)}`);
    await page.getByLabel('Email', { exact: true }).fill(emailOf(name));
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      page.waitForURL(new RegExp(`/posts/${slug}$`)),
      page.getByRole('button', { name: 'Log in' }).click(),
    ]);
    return page;
  }

  /** Presses a reaction's button in one bar and waits for the page it comes back to. */
  async function press(page: Page, bar: Locator, name: RegExp): Promise<void> {
    await Promise.all([page.waitForEvent('load'), bar.getByRole('button', { name }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/posts/${slug}`);
  }

  /** A button's count and whether it is pressed, as the page (and a screen reader) has them. */
  async function state(bar: Locator, name: RegExp) {
    const button = bar.getByRole('button', { name });
    return {
      count: Number(await button.locator('.rx-n').textContent()),
      pressed: await button.getAttribute('aria-pressed'),
    };
  }

  const postBar = (page: Page) => page.locator('#reactions');
  const commentBar = (page: Page) => page.locator(`#comment-${commentId} > form.rx`);

  beforeAll(async () => {
    site = await createTestSite(target);
    const db = site.openDb();
    try {
      const author = await makeConfirmedAccount(db, { name: 'Alma Author', role: 'author' });
      for (const name of READERS) await createConfirmedAccount(db, { name, email: emailOf(name), password: PASSWORD });
      const post = await makePost(db, { authorId: author.id, publishedAt: new Date(Date.now() - 3_600_000) });
      slug = post.slug;
      const created = await createComment(
        db,
        { post_id: String(post.id), body: 'Thank you all for reading.' },
        { user: { id: author.id, name: author.name, role: author.role }, ip: null, visitorTokenHash: null },
        new Date(),
      );
      commentId = created.id!;
    } finally {
      await db.destroy();
    }
    server = await startServer(site, { RATE_LIMIT_FACTOR: '100' });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await site?.cleanup();
  });

  it('counts each reader once per reaction, toggles on a second press, and every reader sees it next request', async () => {
    const anonymous = async () => {
      const res = await fetch(`${server.url}/posts/${slug}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    // The anonymous page is kept by the cache from now on; so is the page readers share.
    const before = await anonymous();
    expect(before).toContain('Sign in to react');
    expect(before).toContain('<span class="visually-hidden">Heart:</span> <span class="rx-n">0</span>');
    expect(before).not.toContain('<button class="rx-b"');

    const ann = await readerPage('Ann');
    const ben = await readerPage('Ben');
    expect(await state(postBar(ann), /^Heart/)).toEqual({ count: 0, pressed: 'false' });

    // Ann gives the post a heart; pressing again takes it back; a third press gives it again.
    await press(ann, postBar(ann), /^Heart/);
    expect(await state(postBar(ann), /^Heart/)).toEqual({ count: 1, pressed: 'true' });
    await press(ann, postBar(ann), /^Heart/);
    expect(await state(postBar(ann), /^Heart/)).toEqual({ count: 0, pressed: 'false' });
    await press(ann, postBar(ann), /^Heart/);
    expect(await state(postBar(ann), /^Heart/)).toEqual({ count: 1, pressed: 'true' });

    // Ben, on the page he loaded before: his heart is the second.
    await press(ben, postBar(ben), /^Heart/);
    expect(await state(postBar(ben), /^Heart/)).toEqual({ count: 2, pressed: 'true' });
    expect(await state(postBar(ben), /^Thank you/)).toEqual({ count: 0, pressed: 'false' });

    // Both say "me too" to the comment; Ben thanks its writer too.
    await press(ann, commentBar(ann), /^Me too/);
    await press(ben, commentBar(ben), /^Me too/);
    await press(ben, commentBar(ben), /^Thank you/);
    expect(await state(commentBar(ben), /^Me too/)).toEqual({ count: 2, pressed: 'true' });
    expect(await state(commentBar(ben), /^Thank you/)).toEqual({ count: 1, pressed: 'true' });
    expect(await state(commentBar(ben), /^Heart/)).toEqual({ count: 0, pressed: 'false' });
    await ann.reload();
    expect(await state(commentBar(ann), /^Me too/)).toEqual({ count: 2, pressed: 'true' });
    expect(await state(commentBar(ann), /^Thank you/)).toEqual({ count: 1, pressed: 'false' });
    expect(await state(postBar(ann), /^Heart/)).toEqual({ count: 2, pressed: 'true' });

    // Cat gave nothing: the page readers share shows her the counts, nothing pressed, twice alike.
    const cat = cookieFrom(
      await postForm(server.url, '/login?_action=auth.logIn', { email: emailOf('Cat'), password: PASSWORD }),
    );
    for (let i = 0; i < 2; i++) {
      const html = await (await fetch(`${server.url}/posts/${slug}`, { headers: { cookie: cat } })).text();
      expect(html).toContain(`data-rx="post-`);
      expect(html).not.toContain('aria-pressed="true"');
      expect(html).toMatch(
        /data-rx="post-\d+-heart" aria-pressed="false"><span aria-hidden="true">♥<\/span><span class="visually-hidden">Heart:<\/span> <span class="rx-n">2<\/span>/,
      );
      expect(html).toContain(
        `data-rx="comment-${commentId}-me-too" aria-pressed="false">Me too <span class="rx-n">2</span>`,
      );
    }

    // The page kept for readers is never Ann's: she reacted here, so hers is rendered with her own pressed.
    await ann.reload();
    expect(await state(postBar(ann), /^Heart/)).toEqual({ count: 2, pressed: 'true' });
    expect(await state(commentBar(ann), /^Me too/)).toEqual({ count: 2, pressed: 'true' });

    // A visitor, served from the cache a moment ago, sees the new counts on the next request.
    const after = await anonymous();
    expect(after).toContain('<span class="visually-hidden">Heart:</span> <span class="rx-n">2</span>');
    const thread = after.slice(after.indexOf(`<article id="comment-${commentId}"`));
    expect(thread).toContain(
      'Me too <span class="rx-n">2</span></span> · <span class="rx-c">Thank you <span class="rx-n">1</span>',
    );
    expect(after).toContain('Sign in to react');
  });
});
