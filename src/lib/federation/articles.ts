// A post as the fediverse reads it: an Article with its title, summary,
// address, sanitised HTML (links made absolute, as in the feed) and tags as
// hashtags linking to the tag's page here.
import { Article, Hashtag, PUBLIC_COLLECTION } from '@fedify/vocab';
import { textToHtml } from '../markdown/markdown.ts';
import { absoluteUrl, absolutizeLinks, type Post } from '../posts/feed.ts';
import { instantOf } from './time.ts';

export interface ArticleAddresses {
  siteUrl: string;
  /** The Article's own id (its dereferenceable ActivityPub address). */
  id: URL;
  author: URL;
  followers: URL;
}

/** A tag as Mastodon writes a hashtag: no spaces. */
function hashtagName(name: string): string {
  return `#${name.replace(/\s+/g, '')}`;
}

export function postToArticle(post: Post, at: ArticleAddresses): Article {
  const published = post.publishedAt ?? post.updatedAt;
  return new Article({
    id: at.id,
    attribution: at.author,
    to: PUBLIC_COLLECTION,
    cc: at.followers,
    name: post.title,
    summary: post.excerpt ? textToHtml(post.excerpt) : null,
    content: absolutizeLinks(post.bodyHtml, at.siteUrl),
    mediaType: 'text/html',
    url: new URL(absoluteUrl(at.siteUrl, `/posts/${post.slug}`)),
    published: instantOf(published),
    updated: post.updatedAt > published ? instantOf(post.updatedAt) : null,
    tags: post.tags.map(
      (tag) =>
        new Hashtag({
          name: hashtagName(tag.name),
          href: new URL(absoluteUrl(at.siteUrl, `/tags/${encodeURIComponent(tag.slug)}`)),
        }),
    ),
  });
}
