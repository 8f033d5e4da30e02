// A post as the fediverse reads it: title, summary, absolute links, images
// with their alt text, tags as hashtags to the tag's page here.
import { Hashtag, Image } from '@fedify/vocab';
import { describe, expect, it } from 'vitest';
import { postToArticle } from '../../src/lib/federation/articles.ts';
import type { Post } from '../../src/lib/posts/model.ts';

const SITE = 'https://wishes.example.org';

const post: Post = {
  id: 7,
  slug: 'a-kite',
  title: 'A kite & a wish',
  excerpt: 'We flew <it> together.',
  status: 'published',
  publishedAt: new Date('2026-12-01T09:00:00Z'),
  updatedAt: new Date('2026-12-02T10:00:00Z'),
  tags: [
    { slug: 'kites', name: 'Kites' },
    { slug: 'good-news', name: 'good news' },
  ],
  bodyMd: '',
  bodyHtml:
    '<p>See <a href="/posts/other">this</a>.</p><img src="/media/abc.jpeg" alt="A red kite &amp; &quot;sky&quot;">' +
    '<img src="https://elsewhere.example/x.png" alt="">',
  authorName: null,
  commentsClosed: false,
  cover: null,
};

describe('postToArticle', () => {
  const article = postToArticle(post, {
    siteUrl: SITE,
    id: new URL(`${SITE}/ap/articles/7`),
    author: new URL(`${SITE}/ap/actors/blog`),
    followers: new URL(`${SITE}/ap/actors/blog/followers`),
  });

  it('carries the title, the escaped excerpt, absolute links and the dates', () => {
    expect(article.name?.toString()).toBe('A kite & a wish');
    expect(article.summary?.toString()).toBe('We flew &lt;it&gt; together.');
    expect(article.content?.toString()).toContain(`<a href="${SITE}/posts/other">`);
    expect(article.url?.toString()).toBe(`${SITE}/posts/a-kite`);
    expect(article.published?.toString()).toBe('2026-12-01T09:00:00Z');
    expect(article.updated?.toString()).toBe('2026-12-02T10:00:00Z');
  });

  it('attaches its images with their alt text', async () => {
    const images = [];
    for await (const item of article.getAttachments()) images.push(item as Image);
    expect(images.map((i) => [i.url?.toString(), i.name?.toString() ?? null])).toEqual([
      [`${SITE}/media/abc.jpeg`, 'A red kite & "sky"'],
      ['https://elsewhere.example/x.png', null],
    ]);
  });

  it('tags it with hashtags linking to the tag pages', async () => {
    const tags = [];
    for await (const tag of article.getTags()) tags.push(tag as Hashtag);
    expect(tags.map((t) => [t.name?.toString(), t.href?.href])).toEqual([
      ['#Kites', `${SITE}/tags/kites`],
      ['#goodnews', `${SITE}/tags/good-news`],
    ]);
  });
});
