// A post's approved comments as RSS 2.0, newest first, with absolute links.
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getApp } from '../../../server/app.ts';
import { listFeedComments } from '../../../lib/comments/thread.ts';
import { toCommentFeedItem } from '../../../lib/comments/feed.ts';
import { findVisiblePostBySlug } from '../../../lib/posts/view.ts';

export const GET: APIRoute = async ({ params }) => {
  const { db, now, config } = getApp();
  const post = await findVisiblePostBySlug(db, params.slug ?? '', now());
  if (!post) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  const comments = await listFeedComments(db, post.id);
  const postUrl = `${config.siteUrl}/posts/${post.slug}`;
  const response = await rss({
    title: `Comments on ${post.title}`,
    description: `Comments on "${post.title}" at Wishcast`,
    site: postUrl,
    items: comments.map((c) => toCommentFeedItem(c, { title: post.title, url: postUrl })),
  });
  response.headers.set('content-type', 'application/rss+xml; charset=utf-8');
  return response;
};
