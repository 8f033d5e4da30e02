// The reading side over HTTP on the built server: tags, archive months in the
// site's zone, previous/next, meta tags on every page, sitemap and robots.txt.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPost } from '../../src/lib/posts/service.ts';
import { dbTargets } from '../helpers/db.ts';
import { startSampleSite, stopSampleSite } from '../helpers/site.ts';
import { type RunningServer, type TestSite } from '../helpers/server.ts';

// Samples are dated November 2026; one more post at 23:30 UTC on 31 October is
// already 1 November in Auckland (UTC+13), which is the site's zone here.
const ZONE = 'Pacific/Auckland';

function meta(html: string, pattern: RegExp): string | null {
  return pattern.exec(html)?.[1] ?? null;
}

describe.each(dbTargets)('reading pages on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  const get = async (path: string) => {
    const res = await fetch(server.url + path, { redirect: 'manual' });
    return { status: res.status, html: await res.text(), type: res.headers.get('content-type') ?? '' };
  };

  beforeAll(async () => {
    ({ site, server } = await startSampleSite(target, {
      seed: async (db) => {
        await createPost(db, {
          title: 'Halloween night',
          slug: 'halloween-night',
          bodyMd: 'Written *late*.',
          excerpt: null,
          tags: ['networking'],
          status: 'published',
          publishedAt: new Date('2026-10-31T23:30:00Z'),
          authorId: null,
        });
      },
      env: { SITE_TIMEZONE: ZONE },
    }));
  });
  afterAll(() => stopSampleSite(site, server));

  it('gives every reading page a description, a canonical URL and Open Graph tags', async () => {
    for (const [path, canonical] of [
      ['/', '/'],
      ['/posts/welcome-to-wishcast', '/posts/welcome-to-wishcast'],
      ['/tags/networking', '/tags/networking'],
      ['/tags', '/tags'],
      ['/archive', '/archive'],
      ['/archive/2026/11', '/archive/2026/11'],
    ] as const) {
      const { status, html } = await get(path);
      expect(status, path).toBe(200);
      expect(meta(html, /<meta name="description" content="([^"]+)"/), path).toBeTruthy();
      expect(meta(html, /<link rel="canonical" href="([^"]+)"/), path).toBe(server.url + canonical);
      expect(meta(html, /<meta property="og:title" content="([^"]+)"/), path).toBeTruthy();
      expect(meta(html, /<meta property="og:url" content="([^"]+)"/), path).toBe(server.url + canonical);
      expect(html, path).toContain('<link rel="alternate" type="application/rss+xml"');
      expect(html, path).not.toMatch(/<script/i);
    }
  });

  it('links each post to the one before and after it', async () => {
    const { html } = await get('/posts/how-to-write-a-good-wish');
    expect(html).toMatch(/href="\/posts\/ask-what-you-can-do-first" rel="prev"/);
    expect(html).toMatch(/href="\/posts\/the-power-of-an-introduction" rel="next"/);
    expect((await get('/posts/halloween-night')).html).not.toContain('rel="prev"'); // the oldest
  });

  it('lists a tag under "Posts tagged …" and answers 404 for an unknown one', async () => {
    const { html } = await get('/tags/networking');
    expect(html).toMatch(/<h1[^>]*>Posts tagged <em[^>]*>networking<\/em><\/h1>/);
    expect(html).toContain('href="/posts/the-power-of-an-introduction"');
    expect(html).not.toContain('href="/posts/welcome-to-wishcast"');
    expect((await get('/tags/no-such-tag')).status).toBe(404);
    expect((await get('/tags/networking?page=0')).status).toBe(404);
  });

  it('counts and lists months in the site time zone', async () => {
    const archive = (await get('/archive')).html;
    expect(archive).toMatch(/href="\/archive\/2026\/11"[^>]*>November 2026<\/a>\s*<span[^>]*>\(5 posts\)/);
    expect(archive).not.toContain('/archive/2026/10'); // it would be October in UTC
    const november = await get('/archive/2026/11');
    expect(november.html).toContain('Posts from November 2026');
    expect(november.html).toContain('href="/posts/halloween-night"');
    for (const path of ['/archive/2026/10', '/archive/2026/13', '/archive/2026/1', '/archive/20/11']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('serves a sitemap and a robots.txt pointing at it, with absolute URLs', async () => {
    const robots = await get('/robots.txt');
    expect(robots.type).toMatch(/text\/plain/);
    expect(robots.html).toContain('Disallow: /admin');
    expect(robots.html).toContain(`Sitemap: ${server.url}/sitemap.xml`);

    const sitemap = await get('/sitemap.xml');
    expect(sitemap.type).toMatch(/xml/);
    const locs = [new XMLParser().parse(sitemap.html).urlset.url].flat().map((u: { loc: string }) => u.loc);
    expect(locs).toEqual(
      expect.arrayContaining([
        `${server.url}/`,
        `${server.url}/posts/halloween-night`,
        `${server.url}/tags/networking`,
        `${server.url}/archive/2026/11`,
      ]),
    );
  });
});
