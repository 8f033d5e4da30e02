// Sign up, log in and log out in a real browser with JavaScript off, on each database.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken as hashSessionId } from '../../src/lib/tokens.ts';
import { hasChromium, launchBrowser, noScriptContext } from '../helpers/browser.ts';
import { dbTargets } from '../helpers/db.ts';
import { uniqueEmail } from '../helpers/fixtures.ts';
import { submitForm } from '../helpers/page.ts';
import { createTestSite, startServer, type RunningServer, type TestSite } from '../helpers/server.ts';
import { createDb } from '../../src/lib/db.ts';

describe.skipIf(!hasChromium).each(dbTargets)('accounts in Chromium without JavaScript on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    site = await createTestSite(target);
    server = await startServer(site);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await site?.cleanup();
  });

  it('signs up, logs out, logs in again, with errors shown beside fields', async () => {
    const context = await noScriptContext(browser, server.url);
    const page = await context.newPage();
    const email = uniqueEmail('reader');

    await page.goto('/signup');
    await page.getByLabel('Name').fill('Rosa Reader');
    // Passes the browser's own checks, fails ours.
    await page.getByLabel('Email').fill('rosa@localhost');
    await page.getByLabel('Password').fill('short');
    expect(await submitForm(page, 'Create account')).toBe(400);
    await expect(page.locator('#field-email-error').textContent()).resolves.toContain('email address');
    await expect(page.locator('#field-password-error').textContent()).resolves.toContain('at least 8');
    // What was typed is kept (except the password).
    expect(await page.getByLabel('Name').inputValue()).toBe('Rosa Reader');
    expect(await page.getByLabel('Email').inputValue()).toBe('rosa@localhost');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The same answer as for an email that has an account: check your inbox. No session yet.
    await page.waitForURL(/\/signup\?sent=1/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Check your inbox');
    expect((await context.cookies()).find((c) => c.name === 'wishcast_session')).toBeUndefined();
    await page.getByRole('status').getByRole('link', { name: 'log in' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/`);
    await expect(page.locator('header').textContent()).resolves.toContain('Rosa Reader');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'wishcast_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${server.url}/`);
    await expect(page.locator('header').textContent()).resolves.toContain('Log in');
    expect((await context.cookies()).find((c) => c.name === 'wishcast_session')).toBeUndefined();

    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('the wrong password');
    expect(await submitForm(page, 'Log in')).toBe(400);
    await expect(page.locator('#field-password-error').textContent()).resolves.toContain('do not match');
    expect(await page.getByLabel('Email').inputValue()).toBe(email);

    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/`);
    await expect(page.locator('header').textContent()).resolves.toContain('Rosa Reader');

    const cookie = (await context.cookies()).find((c) => c.name === 'wishcast_session')!;
    expect(cookie.value).not.toBe(session!.value); // a new session at every login
    await context.close();

    // The sessions table holds hashes only: never the cookie's value.
    if (target === 'postgres') {
      const db = createDb({ databaseUrl: site.env.DATABASE_URL!, dataDir: '' });
      try {
        const ids = (await db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
        expect(ids).toContain(hashSessionId(cookie.value));
        expect(ids).not.toContain(cookie.value);
        expect(ids).not.toContain(session!.value);
      } finally {
        await db.destroy();
      }
    }
  });
});
