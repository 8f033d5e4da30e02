// Issue 29, item 5, passkeys in Chromium with the DevTools Protocol's virtual
// authenticator (a platform passkey that verifies its user): a member adds a
// passkey, logs out and signs in with it alone; the author, with two-step
// sign-in on, uses a passkey instead of the code; a removed passkey no longer
// signs in. WebAuthn needs a secure context and a domain as RP ID, so this
// server's SITE_URL is http://localhost:PORT (not 127.0.0.1).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTwoStep, startTwoStepSetup } from '../../src/lib/auth/two-step/service.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { makeConfirmedAccount, TEST_PASSWORD } from '../helpers/fixtures.ts';
import { freePort } from '../helpers/server.ts';
import { dbTargets, startSampleSite, stopSampleSite, type RunningServer, type TestSite } from '../helpers/site.ts';

// One database is enough here: the rules are proven on both in tests/integration/passkeys.test.ts.
const target = dbTargets.at(-1)!;

describe.skipIf(!hasChromium)(`passkeys in Chromium on ${target}`, () => {
  let site: TestSite;
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  let authorSecret: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    ({ site, server } = await startSampleSite(target, {
      env: { PORT: String(port), SITE_URL: base },
      seed: async (db) => {
        await makeConfirmedAccount(db, { name: 'Mia Member', email: 'mia@example.test' });
        const ada = await makeConfirmedAccount(db, { name: 'Ada Author', email: 'ada@example.test', role: 'author' });
        const now = new Date();
        await startTwoStepSetup(db, ada.id, now);
        const row = await db
          .selectFrom('two_step_secrets')
          .select('secret')
          .where('user_id', '=', ada.id)
          .executeTakeFirstOrThrow();
        authorSecret = row.secret;
        await confirmTwoStep(db, ada.id, totp(now.getTime()), { ip: null, now });
      },
    }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stopSampleSite(site, server);
  });

  const totp = (at: number) => new TOTP({ secret: Secret.fromBase32(authorSecret) }).generate({ timestamp: at });

  /** A browser with JavaScript on and a passkey-capable authenticator of its own. */
  async function browserWithAuthenticator(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return { context, page };
  }

  async function passwordStep(page: Page, email: string, next: string) {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  async function logOut(page: Page) {
    await page.goto('/logout');
    await page.locator('#main').getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${base}/`);
  }

  async function addPasskey(page: Page, name: string) {
    await page.goto('/account/passkeys');
    await page.getByLabel('Passkey name').fill(name);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(`${base}/account/passkeys?added=1`);
    await expect.poll(() => page.locator('table.passkeys').innerText()).toContain(name);
  }

  const isSignedIn = async (page: Page) => {
    const res = await page.goto('/account');
    return res?.status() === 200 && new URL(page.url()).pathname === '/account';
  };

  it('a member adds a passkey, logs out, and signs in with the passkey alone; removed, it no longer works', async () => {
    const { context, page } = await browserWithAuthenticator();
    await passwordStep(page, 'mia@example.test', '/account');
    await page.waitForURL(`${base}/account`);
    await expect.poll(() => page.locator('a[href="/account/passkeys"]').count()).toBeGreaterThan(0);
    await addPasskey(page, 'Mia’s laptop');
    expect(await page.locator('table.passkeys').innerText()).toContain('never');
    await logOut(page);
    expect(await isSignedIn(page)).toBe(false);

    await page.goto('/login?next=%2Faccount%2Fpasskeys');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${base}/account/passkeys`);
    expect(await page.locator('table.passkeys').innerText()).not.toContain('never');
    expect(await isSignedIn(page)).toBe(true);

    // Removing it asks for the password; then the authenticator's copy signs nobody in.
    await page.goto('/account/passkeys');
    await page.getByLabel('Your current password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Remove this passkey' }).click();
    await page.waitForURL(`${base}/account/passkeys?removed=1`);
    expect(await page.getByText('You have no passkey yet.').count()).toBe(1);
    await logOut(page);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('This passkey is not known here');
    expect(await isSignedIn(page)).toBe(false);
    await context.close();
  });

  it('the author with two-step sign-in uses a passkey instead of the code', async () => {
    const { context, page } = await browserWithAuthenticator();
    await passwordStep(page, 'ada@example.test', '/account/passkeys');
    await page.waitForURL(/\/login\/code/);
    // No passkey yet: only the code is offered.
    expect(await page.getByRole('button', { name: 'Use a passkey instead' }).count()).toBe(0);
    await page.getByLabel('Code from your app').fill(totp(Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/account/passkeys`);
    await addPasskey(page, 'Ada’s key');
    await logOut(page);

    await passwordStep(page, 'ada@example.test', '/account');
    await page.waitForURL(/\/login\/code/);
    expect(await isSignedIn(page)).toBe(false);
    await page.goto('/login/code?next=%2Faccount');
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await page.waitForURL(`${base}/account`);
    expect(await isSignedIn(page)).toBe(true);
    await context.close();
  });
});
