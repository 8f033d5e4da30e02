// Protections every route has: security headers, CSP, body size limit,
// cross-site form posts refused, and 503 (not a hang or a 500) without a database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMS } from '../helpers/forms.ts';
import {
  createTestSite,
  postForm,
  postRaw,
  signUpAndLogIn,
  startServer,
  type RunningServer,
  type TestSite,
} from '../helpers/server.ts';

describe('protections on every response', () => {
  let site: TestSite;
  let server: RunningServer;
  beforeAll(async () => {
    site = await createTestSite('pglite');
    server = await startServer(site);
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  it('sends a CSP without inline script, nosniff, a referrer policy and no framing', async () => {
    for (const path of ['/', '/login', '/no-such-page']) {
      const res = await fetch(server.url + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toBeNull(); // SITE_URL is http here
    }
  });

  it('refuses a body over the limit with 413 from its length alone', async () => {
    const res = await postForm(server.url, '/login?_action=auth.logIn', {
      email: 'a@b.test',
      password: 'x'.repeat(600_000),
    });
    expect(res.status).toBe(413);
    const alive = await fetch(`${server.url}/healthz`);
    expect(alive.status).toBe(200);
  });

  it('refuses a body sent without a length (chunked), unread, with 411', async () => {
    // 200 KB: over the 64 KB form limit, under Astro's own 1 MB action limit.
    const chunks = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('email=a%40b.test&password='));
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(50 * 1024)));
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/login?_action=auth.logIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: chunks,
      duplex: 'half',
    } as RequestInit).catch((error: Error) => error);
    if (res instanceof Error) throw res;
    expect(res.status).toBe(411);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it.each(FORMS.map((form) => [form.action, form] as const))(
    'refuses a cross-site post to %s with 403, on its page and through /_actions',
    async (_name, form) => {
      for (const path of [`${form.page}?_action=${form.action}`, `/_actions/${form.action}`]) {
        const foreign = await postForm(server.url, path, form.fields, { origin: 'https://evil.example' });
        expect(foreign.status, path).toBe(403);
      }
    },
  );

  it('sets session cookies HttpOnly and SameSite=Lax', async () => {
    const res = await signUpAndLogIn(server.url, {
      name: 'Cookie Check',
      email: `cookie-${Date.now()}@example.test`,
      password: 'long enough pw',
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('wishcast_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // SITE_URL is http here; https turns Secure on
  });
});

describe('without a reachable database', () => {
  let site: TestSite;
  let server: RunningServer;
  beforeAll(async () => {
    site = await createTestSite('pglite');
    // A port where nothing listens: every connection is refused.
    server = await startServer(
      site,
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/nowhere' },
      { waitForHealthy: false },
    );
  });
  afterAll(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  it('answers pages and /healthz with 503 quickly, and the process stays up', async () => {
    for (const path of ['/healthz', '/', '/posts/some-post']) {
      const started = Date.now();
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(503);
      expect(Date.now() - started).toBeLessThan(5000);
    }
    expect(server.process.exitCode).toBeNull();
  });
});

describe('with an https SITE_URL', () => {
  it('marks the session cookie Secure and sends Strict-Transport-Security', async () => {
    const site = await createTestSite('pglite');
    const server = await startServer(site, { SITE_URL: 'https://wishes.example.org' });
    try {
      const res = await signUpAndLogIn(server.url, {
        name: 'Secure Check',
        email: 'secure@example.test',
        password: 'long enough pw',
      });
      expect(res.status).toBe(303);
      expect(res.headers.getSetCookie().find((c) => c.startsWith('wishcast_session='))).toMatch(/; Secure/i);
      // Behind a TLS proxy the browser's Origin is SITE_URL's, while the request reaches us over plain http,
      // with the public Host or the proxy's own: the form is taken either way, and another origin is not.
      const login = new URLSearchParams({ email: 'secure@example.test', password: 'long enough pw' }).toString();
      const behindProxy = (origin: string, host?: string) =>
        postRaw(`${server.url}/login?_action=auth.logIn`, login, {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-proto': 'https',
          origin,
          ...(host ? { host } : {}),
        });
      expect((await behindProxy('https://wishes.example.org')).status).toBe(303);
      expect((await behindProxy('https://wishes.example.org', 'wishes.example.org')).status).toBe(303);
      expect((await behindProxy('http://wishes.example.org')).status).toBe(403); // not the site's scheme
      for (const origin of ['https://evil.example', 'https://wishes.example.org.evil.example', 'null']) {
        expect((await behindProxy(origin, 'wishes.example.org')).status, origin).toBe(403);
      }
      // Every kind of answer tells browsers to keep to https: a page, a cached page, a refusal, an odd address.
      for (const path of ['/', '/', '/no-such-page', '/foo%00', '/healthz']) {
        const answer = await fetch(server.url + path, { redirect: 'manual' });
        expect(answer.headers.get('strict-transport-security'), path).toBe('max-age=31536000');
      }
    } finally {
      await server.stop();
      await site.cleanup();
    }
  });
});
