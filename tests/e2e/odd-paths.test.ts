// Issue 24 (6): an address with a NUL, a broken percent escape or other bytes no
// route expects answers 400 or 404 with the security headers and a body,
// never an empty 500 with stack traces in the log; the process stays up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleSite, stopSampleSite, type RunningServer, type TestSite } from '../helpers/site.ts';

const EXPECTED_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

const ODD = [
  '/foo%00',
  '/%00',
  '/posts/%00',
  '/posts/a%00b',
  '/posts/%ff',
  '/posts/%E0%A4%A',
  '/%E0%A4%A',
  '/tags/%00',
  '/tags/%c0%ae%c0%ae',
  '/archive/%00/01',
  '/wishes/%00',
  '/wishes/2026-01-07/%00',
  '/wishes/manage/%00',
  '/people/%00',
  '/people/%00/avatar.svg',
  '/media/%00',
  '/media/..%2f..%2fetc%2fpasswd',
  '/about%00.html',
  '/admin/posts/%00/edit',
  '/comments/%00/edit',
  '/search?q=%00',
  '/?page=%00',
  '/?p=%00',
  '/feed%00/',
  '/%2e%2e/%2e%2e/etc/passwd',
];

describe('odd addresses', () => {
  let site: TestSite;
  let server: RunningServer;
  beforeAll(async () => {
    ({ site, server } = await startSampleSite('pglite'));
  });
  afterAll(() => stopSampleSite(site, server));

  it('answers each with 400, 404 or a page, with the security headers and a body, and no stack trace', async () => {
    const wrong: string[] = [];
    for (const path of ODD) {
      for (const method of ['GET', 'HEAD']) {
        const res = await fetch(server.url + path, { method, redirect: 'manual' });
        const body = await res.text();
        const headersOk = Object.entries(EXPECTED_HEADERS).every(([name, value]) => res.headers.get(name) === value);
        const statusOk = [200, 301, 400, 404].includes(res.status);
        if (!statusOk || !headersOk || (method === 'GET' && body === '')) {
          wrong.push(`${method} ${path}: ${res.status} headers ${headersOk ? 'ok' : 'missing'} body ${body.length}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(server.output()).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
