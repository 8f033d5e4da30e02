// A post as the fediverse reads it: an Article with its title, summary,
// address, sanitised HTML (links made absolute, as in the feed), its images
// as attachments with their alt text, and tags as hashtags linking to the tag's page here.
import type { Context } from '@fedify/fedify';
import { Article, Create, Hashtag, Image, PUBLIC_COLLECTION } from '@fedify/vocab';
import { htmlToText, textToHtml } from '../markdown/markdown.ts';
import { absoluteUrl, absolutizeLinks, type Post } from '../posts/feed.ts';
import { instantOf } from './time.ts';

/** The blog actor's fixed identifier: its URI stays the same when the handle setting changes. */
export const BLOG_ACTOR = 'blog';

interface ArticleAddresses {
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

const IMG = /<img\s[^>]*>/g;
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/**
 * The images of a post's HTML (sanitize-html's output: attributes always
 * double-quoted, entities encoded), with the alt text a screen reader would read.
 */
function imagesOf(html: string): Image[] {
  const images: Image[] = [];
  for (const [tag] of html.matchAll(IMG)) {
    const src = attribute(tag, 'src');
    if (!src || !URL.canParse(src)) continue;
    images.push(new Image({ url: new URL(src), name: htmlToText(attribute(tag, 'alt') ?? '') || null }));
  }
  return images;
}

export function postToArticle(post: Post, at: ArticleAddresses): Article {
  const published = post.publishedAt ?? post.updatedAt;
  const content = absolutizeLinks(post.bodyHtml, at.siteUrl);
  return new Article({
    id: at.id,
    attribution: at.author,
    to: PUBLIC_COLLECTION,
    cc: at.followers,
    name: post.title,
    summary: post.excerpt ? textToHtml(post.excerpt) : null,
    content,
    mediaType: 'text/html',
    attachments: imagesOf(content),
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

/** The post's Article at its addresses under this federation. */
export function articleFor(ctx: Context<void>, siteUrl: string, post: Post): Article {
  return postToArticle(post, {
    siteUrl,
    id: ctx.getObjectUri(Article, { id: String(post.id) }),
    author: ctx.getActorUri(BLOG_ACTOR),
    followers: ctx.getFollowersUri(BLOG_ACTOR),
  });
}

/** The blog's Create of an Article: what its outbox lists and what followers receive. */
export function createFor(ctx: Context<void>, article: Article): Create {
  return new Create({
    id: new URL(`${article.id!.href}#create`),
    actor: ctx.getActorUri(BLOG_ACTOR),
    object: article,
    published: article.published,
    tos: article.toIds,
    ccs: article.ccIds,
  });
}
