// Defect 6 of issue 11: feed readers render <description> (and
// <content:encoded>) as HTML, so what a reader typed must reach them inert.
// Each feed is built the way the routes build it, parsed back with
// fast-xml-parser as a reader would, and searched for live HTML.
import { getRssString } from '@astrojs/rss';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toCommentFeedItem } from '../../src/lib/comments/feed.ts';
import { renderMarkdown } from '../../src/lib/markdown/markdown.ts';
import { toFeedItem } from '../../src/lib/posts/feed.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { dangerousIn, liveHtmlIn } from '../helpers/live-html.ts';

export const HOSTILE_COMMENTS = [
  '`<img src=x onerror=alert(1)>`',
  '<img src=x onerror=alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&amp;lt;img src=x onerror=alert(1)&amp;gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  '&#x3C;svg onload=alert(1)&#x3E;',
  ']]><img src=x onerror=alert(1)>',
  '<![CDATA[<img src=x onerror=alert(1)>]]>',
  '`]]>` <![CDATA[ `<img src=x onerror=alert(1)>` ]]>',
  '```\n<svg onload=alert(1)>\n```',
  '\\<img src=x onerror=alert(1)\\>',
  '[click](javascript:alert(1)) <a href="javascript:alert(1)">x</a>',
  '"><img src=x onerror=alert(1)>',
  "'><script>alert(1)</script>",
];

function parseFeed(xml: string) {
  // The defaults a reader's parser would use: entities decoded, CDATA unwrapped.
  return new XMLParser({ ignoreAttributes: false }).parse(xml) as {
    rss: { channel: { item: Record<string, string> | Record<string, string>[] } };
  };
}

function itemsOf(xml: string): Record<string, string>[] {
  const item = parseFeed(xml).rss.channel.item;
  return Array.isArray(item) ? item : [item];
}

describe('the comment feed', () => {
  it.each(HOSTILE_COMMENTS)('carries %j as inert HTML in description and content', async (bodyMd) => {
    const item = toCommentFeedItem(
      { id: 7, authorName: 'Mallory', bodyMd, bodyHtml: renderMarkdown(bodyMd, 'strict'), createdAt: new Date() },
      { title: 'A post', url: 'https://wishcast.example/posts/a-post' },
    );
    const xml = await getRssString({
      title: 'Comments',
      description: 'c',
      site: 'https://wishcast.example',
      items: [item],
    });
    const [parsed] = itemsOf(xml);
    // The summary is text: as HTML it must have no element at all.
    expect(liveHtmlIn(String(parsed!.description)).tags).toEqual([]);
    expect(dangerousIn(String(parsed!['content:encoded']))).toEqual([]);
  });

  it('shows the reader exactly the text that was typed', async () => {
    const bodyMd = 'Use `<img onerror>` & <b>bold</b> wisely';
    const item = toCommentFeedItem(
      { id: 1, authorName: 'Ann', bodyMd, bodyHtml: renderMarkdown(bodyMd, 'strict'), createdAt: new Date() },
      { title: 'A post', url: 'https://wishcast.example/posts/a-post' },
    );
    const xml = await getRssString({ title: 'C', description: 'c', site: 'https://wishcast.example', items: [item] });
    const description = String(itemsOf(xml)[0]!.description);
    expect(description).toBe('Use &lt;img onerror&gt; &amp; &lt;b&gt;bold&lt;/b&gt; wisely');
  });
});

describe('the post feed', () => {
  it.each(HOSTILE_COMMENTS)('carries an excerpt of %j as text, never as a tag', async (excerpt) => {
    const post = {
      slug: 'p',
      title: 'P',
      excerpt,
      bodyHtml: renderMarkdown(excerpt, 'post'),
      publishedAt: new Date(),
      updatedAt: new Date(),
      tags: [],
    } as unknown as Post;
    const xml = await getRssString({
      title: 'Wishcast',
      description: 'd',
      site: 'https://wishcast.example',
      items: [toFeedItem(post, 'https://wishcast.example')],
    });
    const [parsed] = itemsOf(xml);
    expect(liveHtmlIn(String(parsed!.description)).tags).toEqual([]);
    expect(dangerousIn(String(parsed!['content:encoded']))).toEqual([]);
  });
});
