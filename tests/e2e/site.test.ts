// The base site over HTTP: home page with the sample posts, health, 404, start-up config errors.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../helpers/db.ts';
import { startSampleSite, stopSampleSite } from '../helpers/site.ts';
import { type RunningServer, type TestSite } from '../helpers/server.ts';

describe.each(dbTargets)('the base site on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;

  beforeAll(async () => {
    ({ site, server } = await startSampleSite(target));
  });
  afterAll(() => stopSampleSite(site, server));

  it('serves a home page linking the sample posts, with no script', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    const html = await res.text();
    const links = html.match(/href="\/posts\/[a-z0-9-]+"/g) ?? [];
    expect(new Set(links).size).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Wish board');
    expect(html).toContain('Log in');
  });

  it("announces this week's wish board feed in the page head", async () => {
    const html = await (await fetch(`${server.url}/wishes`)).text();
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toMatch(
      /<link rel="alternate" type="application\/rss\+xml"[^>]*href="\/wishes\/\d{4}-\d{2}-\d{2}\/rss\.xml"/,
    );
  });

  it('answers /healthz with 200 while the database answers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('answers unknown addresses with a friendly 404', async () => {
    const res = await fetch(`${server.url}/no/such/page`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page not found');
  });
});

describe('start-up configuration', () => {
  it.each([
    ['WISH_DAY', 'someday', /WISH_DAY: must be one of monday/],
    ['SITE_TIMEZONE', 'Nowhere/Land', /SITE_TIMEZONE: must be an IANA time zone/],
    ['PORT', '99999', /PORT: must be a whole number/],
    ['DATABASE_URL', 'http://nope', /DATABASE_URL: must start with postgres/],
  ])('refuses a bad %s with one line', (name, value) => {
    const result = spawnSync(process.execPath, ['db/migrate.ts'], {
      env: { ...process.env, [name]: value, DATA_DIR: '/nonexistent-never-created' },
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: /);
    expect(lines[0]).toMatch(resolveMatcher(name, value));
  });
});

function resolveMatcher(name: string, _value: string): RegExp {
  return new RegExp(`${name}: `);
}
