// A post's approved comments as RSS 2.0, newest first, with absolute links.
import type { APIRoute } from 'astro';
import { getApp } from '../../../server/app.ts';
import { rssResponse } from '../../../server/feeds.ts';
import { listFeedComments } from '../../../lib/comments/thread.ts';
import { toCommentFeedItem } from '../../../lib/comments/feed.ts';
import { findVisiblePostBySlug } from '../../../lib/posts/view.ts';
import { scope } from '../../../lib/content/scopes.ts';
import { readSiteName } from '../../../lib/settings/settings.ts';

export const GET: APIRoute = async ({ params, locals }) => {
  const { db, now, config } = getApp();
  const post = await findVisiblePostBySlug(db, params.slug ?? '', now());
  if (!post) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  locals.cacheScopes = [scope.posts, scope.post(post.id)];
  const comments = await listFeedComments(db, post.id);
  const postUrl = `${config.siteUrl}/posts/${post.slug}`;
  return rssResponse({
    title: `Comments on ${post.title}`,
    description: `Comments on "${post.title}" at ${await readSiteName(db)}`,
    site: postUrl,
    items: comments.map((c) => toCommentFeedItem(c, { title: post.title, url: postUrl })),
  });
};
