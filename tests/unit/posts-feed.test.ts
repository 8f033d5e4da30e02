// Feed items, sitemap and robots.txt: absolute URLs and well-formed, escaped XML.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/lib/markdown/markdown.ts';
import type { ResponsiveImage } from '../../src/lib/markdown/markdown.ts';
import { absoluteUrl, absolutizeLinks, buildRobotsTxt, buildSitemapXml, toFeedItem } from '../../src/lib/posts/feed.ts';
import type { Post } from '../../src/lib/posts/model.ts';

describe('absolute URLs', () => {
  it('joins the site URL and a path, keeping a path prefix', () => {
    expect(absoluteUrl('https://example.org', '/posts/x')).toBe('https://example.org/posts/x');
    expect(absoluteUrl('https://example.org/blog', '/posts/x')).toBe('https://example.org/blog/posts/x');
  });
});

describe('absolutizeLinks', () => {
  it('makes site-relative links and images absolute, and leaves everything else alone', () => {
    const html = renderMarkdown(
      '[a post](/posts/x) [away](https://other.org/y) [top](#top) ![pic](/images/p.png) `<a href="/code">`',
      'post',
    );
    const out = absolutizeLinks(html, 'https://example.org');
    expect(out).toContain('<a href="https://example.org/posts/x">a post</a>');
    expect(out).toContain('href="https://other.org/y"');
    expect(out).toContain('href="#top"');
    expect(out).toContain('src="https://example.org/images/p.png"');
    expect(out).toContain('<code>&lt;a href="/code"&gt;</code>');
  });

  it("makes every candidate of an uploaded image's srcset absolute", () => {
    const key = (n: number, ext: string) => `/media/${String(n).repeat(32)}.${ext}`;
    const image: ResponsiveImage = {
      alt: 'A door',
      decorative: false,
      width: 960,
      height: 640,
      sources: [{ type: 'image/avif', srcset: `${key(1, 'avif')} 480w, ${key(2, 'avif')} 960w` }],
      fallback: { src: key(4, 'jpg'), srcset: `${key(3, 'jpg')} 480w, ${key(4, 'jpg')} 960w` },
    };
    const out = absolutizeLinks(
      renderMarkdown('![](/media/1)', 'post', { resolveImage: () => image }),
      'https://e.org',
    );
    expect(out).toContain(`srcset="https://e.org${key(1, 'avif')} 480w, https://e.org${key(2, 'avif')} 960w"`);
    expect(out).toContain(`srcset="https://e.org${key(3, 'jpg')} 480w, https://e.org${key(4, 'jpg')} 960w"`);
    expect(out).toContain(`src="https://e.org${key(4, 'jpg')}"`);
    expect(out).not.toMatch(/[" ]\/media\//);
  });
});

describe('toFeedItem', () => {
  it('links absolutely and carries the sanitised HTML and tags', () => {
    const post = {
      slug: 'hello',
      title: 'Hello',
      excerpt: 'Hi',
      bodyHtml: '<p><strong>Hi</strong></p>',
      publishedAt: new Date('2026-01-01T00:00:00Z'),
      updatedAt: new Date('2026-01-02T00:00:00Z'),
      tags: [{ slug: 'a', name: 'A' }],
    } as Post;
    expect(toFeedItem(post, 'https://example.org')).toEqual({
      title: 'Hello',
      link: 'https://example.org/posts/hello',
      pubDate: post.publishedAt,
      description: 'Hi',
      content: '<p><strong>Hi</strong></p>',
      categories: ['A'],
    });
  });
});

describe('buildSitemapXml', () => {
  it('writes a urlset with escaped locations and ISO dates', () => {
    const xml = buildSitemapXml(
      [
        { path: '/', lastmod: new Date('2026-01-01T00:00:00Z') },
        { path: '/posts/a', lastmod: null },
      ],
      'https://example.org/a&b',
    );
    expect(xml).toContain('<loc>https://example.org/a&amp;b/</loc>');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(parsed.urlset['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(parsed.urlset.url).toEqual([
      { loc: 'https://example.org/a&b/', lastmod: '2026-01-01T00:00:00.000Z' },
      { loc: 'https://example.org/a&b/posts/a' },
    ]);
  });
});

describe('buildRobotsTxt', () => {
  it('keeps crawlers out of the dashboard and points at the sitemap', () => {
    expect(buildRobotsTxt('https://example.org')).toBe(
      'User-agent: *\nAllow: /\nDisallow: /admin\n\nSitemap: https://example.org/sitemap.xml\n',
    );
  });
});
