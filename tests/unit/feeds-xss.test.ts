// Defect 6 of issue 11: feed readers render <description> (and
// <content:encoded>) as HTML, so what a reader typed must reach them inert.
// Each feed is built the way the routes build it, parsed back with
// fast-xml-parser as a reader would, and searched for live HTML.
import { XMLParser } from 'fast-xml-parser';
import { unescape } from 'html-escaper';
import { describe, expect, it } from 'vitest';
import { toCommentFeedItem } from '../../src/lib/comments/feed.ts';
import { buildRss, type FeedItem } from '../../src/lib/feeds/rss.ts';
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
  // The defaults a reader's parser would use: entities decoded, CDATA unwrapped; every value a string.
  return new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as {
    rss: { channel: Record<string, string> & { item: Record<string, string> | Record<string, string>[] } };
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
    const xml = await buildRss({
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
    const xml = await buildRss({ title: 'C', description: 'c', site: 'https://wishcast.example', items: [item] });
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
    const xml = await buildRss({
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

// Issue 24, item 6: titles too. Many readers render <title> as HTML, so a name
// or title must reach them escaped, whichever feed carries it.
const HOSTILE_TITLES = [
  'Zed"><script>alert(1)</script>',
  "Zed'><svg onload=alert(1)>",
  '<img src=x onerror=alert(1)>',
  'Tom & Jerry &lt;b&gt;bold&lt;/b&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  ']]><script>alert(1)</script>',
  '<![CDATA[<svg onload=alert(1)>]]>',
  'Ann\u0000\u0007\u001B[31m<b>red</b>\u007F',
  'Ann\u0085\u009B\u202Egnp.exe\u202C\u2066x\u2069',
  'Ann\nBob\r\n\tCarol\u2028Dan',
  'Ann\uD800\uFFFE\uFFFF',
];

// What XML 1.0 refuses outright (a reader then drops the whole feed).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/u;

/** Checks a parsed text as a reader rendering HTML would see it: no element, and the typed text. */
function expectEscapedText(parsed: unknown, typed: string) {
  const text = String(parsed);
  expect(liveHtmlIn(text).tags).toEqual([]);
  const shown = unescape(text);
  expect(shown).not.toMatch(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
  // Every visible character typed is shown (controls and direction overrides become spaces or go).
  const visible = (v: string) => v.replace(/[\p{Cc}\p{Cs}\p{Zl}\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF\s]+/gu, '');
  expect(visible(shown)).toBe(visible(typed));
}

async function channelOf(channel: Parameters<typeof buildRss>[0]) {
  const xml = await buildRss(channel);
  expect(xml).not.toMatch(NOT_XML);
  return parseFeed(xml).rss.channel;
}

describe('feed titles', () => {
  it.each(HOSTILE_TITLES)('carry a commenter named %j as text in the comment feed', async (name) => {
    const bodyMd = 'Hello';
    const item = toCommentFeedItem(
      { id: 3, authorName: name, bodyMd, bodyHtml: renderMarkdown(bodyMd, 'strict'), createdAt: new Date() },
      { title: name, url: 'https://wishcast.example/posts/p' },
    );
    const channel = await channelOf({
      title: `Comments on ${name}`,
      description: `Comments on "${name}" at Wishcast`,
      site: 'https://wishcast.example/posts/p',
      items: [item],
    });
    expectEscapedText(channel.title, `Comments on ${name}`);
    expectEscapedText(channel.description, `Comments on "${name}" at Wishcast`);
    expectEscapedText((channel.item as Record<string, string>).title, `${name} on ${name}`);
  });

  it.each(HOSTILE_TITLES)('carry a post, tag and site named %j as text in the post feed', async (title) => {
    const post = {
      slug: 'p',
      title,
      excerpt: 'x',
      bodyHtml: '<p>x</p>',
      publishedAt: new Date(),
      updatedAt: new Date(),
      tags: [{ slug: 't', name: title }],
    } as unknown as Post;
    const channel = await channelOf({
      title,
      description: title,
      site: 'https://wishcast.example',
      items: [toFeedItem(post, 'https://wishcast.example')],
    });
    const item = channel.item as Record<string, string>;
    for (const text of [channel.title, channel.description, item.title, item.category]) expectEscapedText(text, title);
  });

  it.each(HOSTILE_TITLES)('carry a wisher named %j as text, escaped once', async (name) => {
    // The wish feeds' items as src/lib/wishes/board/feeds.ts makes them (plain-text titles).
    const items: FeedItem[] = [
      {
        title: `${name} wishes`,
        link: 'https://wishcast.example/wishes/2026-12-04/1',
        pubDate: new Date(),
        description: '<p>w</p>',
      },
    ];
    const channel = await channelOf({ title: 'Wishes', description: name, site: 'https://wishcast.example', items });
    expectEscapedText((channel.item as Record<string, string>).title, `${name} wishes`);
    expectEscapedText(channel.description, name);
  });

  it('shows an ordinary title as typed, once escaped', async () => {
    const channel = await channelOf({
      title: 'Q&A: "quotes" and <angles>',
      description: 'd',
      site: 'https://wishcast.example',
      items: [],
    });
    expect(unescape(String(channel.title))).toBe('Q&A: "quotes" and <angles>');
  });

  it('keeps characters XML cannot carry out of descriptions and content', async () => {
    const channel = await channelOf({
      title: 't',
      description: 'd',
      site: 'https://wishcast.example',
      items: [
        {
          title: 't',
          link: 'https://wishcast.example/',
          pubDate: new Date(),
          description: 'a\u0001b',
          content: '<p>a\u0000b\uFFFF</p>\n<pre>x\ty</pre>',
        },
      ],
    });
    const item = channel.item as Record<string, string>;
    expect(item.description).toBe('ab');
    expect(item['content:encoded']).toBe('<p>ab</p>\n<pre>x\ty</pre>');
  });
});
