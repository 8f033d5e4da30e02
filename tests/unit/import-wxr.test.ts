// Reading WXR without a database: older exports (1.1), and files that are not WXR at all.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textChunks } from '../../src/lib/import/input.ts';
import { readWordPressExport, type WxrEvent } from '../../src/lib/import/wordpress/wxr.ts';
import { ImportFormatError } from '../../src/lib/import/xml.ts';

async function read(text: string, chunk = 97): Promise<WxrEvent[]> {
  const events: WxrEvent[] = [];
  for await (const e of readWordPressExport(textChunks(text, chunk), { timeZone: 'Europe/Madrid' })) events.push(e);
  return events;
}

describe('reading WXR', () => {
  it('knows a blog of a network by its own address: every WordPress.com export has base_site_url wordpress.com', async () => {
    const channel = (blog: string) =>
      `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>T</title><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://wordpress.com/</wp:base_site_url><wp:base_blog_url>${blog}</wp:base_blog_url></channel></rss>`;
    const [one] = await read(channel('https://one.wordpress.com'));
    const [two] = await read(channel('https://two.wordpress.com'));
    expect(one).toMatchObject({ type: 'site', site: { url: 'https://one.wordpress.com' } });
    expect(two).toMatchObject({ type: 'site', site: { url: 'https://two.wordpress.com' } });
  });

  it('reads a WXR 1.1 export as WordPress 3 and 4 wrote it', async () => {
    const events = await read(readFileSync('tests/fixtures/wordpress/wxr-1.1.xml', 'utf8'));
    expect(events[0]).toEqual({
      type: 'site',
      site: {
        title: "Marta's Notes",
        description: 'Small things, written down',
        url: 'http://notes.example.net/blog',
      },
    });
    const entry = events[1]!;
    if (entry.type !== 'entry' || entry.entry.kind !== 'post') throw new Error('expected a post');
    expect(entry.entry).toMatchObject({
      title: 'Sourdough, week one',
      slug: 'sourdough-week-one',
      bodyMd: 'The starter smells of apples.\n\nTomorrow: the first loaf.',
      status: 'published',
      publishedAt: new Date('2014-08-10T07:15:00Z'),
      byline: 'Marta Ruiz',
      commentsClosed: true,
      tags: [
        { name: 'Kitchen', legacyPaths: ['/blog/category/kitchen'] },
        { name: 'Bread', legacyPaths: ['/blog/tag/bread'] },
      ],
    });
    expect(entry.entry.legacyPaths).toEqual([
      '/blog/?p=101',
      '/blog/2014/08/10/sourdough-week-one',
      '/blog/2014/08/sourdough-week-one',
    ]);
    expect(entry.comments).toEqual([
      {
        sourceId: '7',
        postSourceId: '101',
        parentSourceId: null,
        authorName: 'Sam',
        authorEmail: 'sam@example.org',
        authorUrl: 'http://sam.example.org/',
        bodyMd: "Apples means it's happy.  \nFeed it twice a day.",
        status: 'approved',
        createdAt: new Date('2014-08-10T09:00:00Z'),
      },
    ]);
  });

  it('refuses what is not WXR, and malformed XML with the line', async () => {
    await expect(read('<rss version="2.0"><channel><item><title>x</title></item></channel></rss>')).rejects.toThrow(
      /before <wp:wxr_version>/,
    );
    await expect(read('<html><body>Not an export</body></html>')).rejects.toThrow(/root element is <html>/);
    await expect(read('')).rejects.toThrow(ImportFormatError);
    await expect(read('<rss>\n<channel>\n<title>a &nbsp; b</title>')).rejects.toThrow(
      /^Line 3, column \d+ in <rss><channel><title>/,
    );
    await expect(read('<rss>\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>')).rejects.toThrow(
      /^Line 3.*unbound namespace prefix/i,
    );
  });
});
