// A post reaches the blog's followers when it becomes visible: published now,
// or come due when scheduled (visibility needs no job, so this looks for what
// became visible since a day ago). Each post is claimed by one row, so several
// processes announce it once; the Create goes to each follower's inbox (the
// shared one when offered) through the database queue, signed by the blog.
import type { Db } from '../db.ts';
import { listPostsVisibleSince } from '../posts/feed.ts';
import { articleFor, BLOG_ACTOR, createFor } from './articles.ts';
import type { BlogFederation } from './federation.ts';

/** Posts older than this when first seen (an import, a backdated post) are not news. */
export const ANNOUNCE_WINDOW_MS = 24 * 60 * 60 * 1000;

export async function announceNewPosts(
  federation: BlogFederation,
  db: Db,
  now: Date,
  siteUrl: string,
): Promise<number> {
  const posts = await listPostsVisibleSince(db, now, new Date(now.getTime() - ANNOUNCE_WINDOW_MS));
  if (posts.length === 0) return 0;
  const done = await db
    .selectFrom('fediverse_announced_posts')
    .select('post_id')
    .where(
      'post_id',
      'in',
      posts.map((p) => p.id),
    )
    .execute();
  const announced = new Set(done.map((row) => row.post_id));
  const ctx = federation.createContext(new URL(siteUrl), undefined);
  let sent = 0;
  for (const post of posts) {
    if (announced.has(post.id)) continue;
    const claimed = await db
      .insertInto('fediverse_announced_posts')
      .values({ post_id: post.id, announced_at: now })
      .onConflict((oc) => oc.column('post_id').doNothing())
      .returning('post_id')
      .executeTakeFirst();
    if (!claimed) continue;
    try {
      await ctx.sendActivity({ identifier: BLOG_ACTOR }, 'followers', createFor(ctx, articleFor(ctx, siteUrl, post)), {
        preferSharedInbox: true,
      });
    } catch (error) {
      // Not queued: the next run tries again.
      await db.deleteFrom('fediverse_announced_posts').where('post_id', '=', post.id).execute();
      throw error;
    }
    sent++;
  }
  return sent;
}
