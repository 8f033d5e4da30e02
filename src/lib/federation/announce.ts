// A post's life reaches the blog's followers: a Create when it becomes visible
// (published now, or come due when scheduled; visibility needs no job, so this
// looks for what became visible since a day ago), an Update when it is edited,
// a Delete when it is deleted or taken back to a draft. Each is claimed by a
// row change (fediverse_announced_posts), so several processes send it once;
// it goes to each follower's inbox (the shared one when offered) through our
// fan-out (fanout.ts) and the database queue, signed by the blog.
import { Article, Delete, PUBLIC_COLLECTION, Tombstone, Update, type Activity } from '@fedify/vocab';
import type { Db } from '../db.ts';
import { findVisiblePostById, listPostsVisibleSince, type Post } from '../posts/feed.ts';
import {
  claimPostAnnouncement,
  claimPostEdit,
  claimPostRemoval,
  listAnnouncedPostIdsAmong,
  listAnnouncedPostsGone,
  listEditedAnnouncedPosts,
  restorePostAnnouncement,
  setSentUpdatedAt,
  unclaimPostAnnouncement,
} from './announce-repo.ts';
import { articleFor, BLOG_ACTOR, createFor } from './articles.ts';
import { enqueueFanout } from './fanout.ts';
import type { BlogFederation } from './federation.ts';

/** Posts older than this when first seen (an import, a backdated post) are not news. */
const ANNOUNCE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** At most this many of each kind per run; the next run takes the rest. */
const BATCH = 50;

interface AnnounceReport {
  created: number;
  updated: number;
  deleted: number;
}

type Send = (activity: Activity) => Promise<void>;

/** The activities about one post, as this federation writes them. */
interface ArticleOf {
  create: (post: Post) => Activity;
  update: (post: Post) => Activity;
  remove: (postId: number) => Activity;
}

async function announceNew(db: Db, now: Date, send: Send, article: ArticleOf): Promise<number> {
  const posts = await listPostsVisibleSince(db, now, new Date(now.getTime() - ANNOUNCE_WINDOW_MS), BATCH);
  if (posts.length === 0) return 0;
  const done = await listAnnouncedPostIdsAmong(
    db,
    posts.map((p) => p.id),
  );
  const announced = new Set(done.map((row) => row.post_id));
  let sent = 0;
  for (const post of posts) {
    if (announced.has(post.id)) continue;
    const claimed = await claimPostAnnouncement(db, post.id, now, post.updatedAt);
    if (!claimed) continue;
    try {
      await send(article.create(post));
    } catch (error) {
      // Not queued: the next run tries again.
      await unclaimPostAnnouncement(db, post.id);
      throw error;
    }
    sent++;
  }
  return sent;
}

async function announceEdits(db: Db, now: Date, send: Send, article: ArticleOf): Promise<number> {
  const edited = await listEditedAnnouncedPosts(db, now, BATCH);
  let sent = 0;
  for (const row of edited) {
    if ((await claimPostEdit(db, row.id, row.sent_updated_at, row.updated_at)) === 0n) continue;
    const post = await findVisiblePostById(db, row.id, now);
    if (!post) continue;
    try {
      await send(article.update(post));
    } catch (error) {
      await setSentUpdatedAt(db, row.id, row.sent_updated_at);
      throw error;
    }
    sent++;
  }
  return sent;
}

async function announceGone(db: Db, now: Date, send: Send, article: ArticleOf): Promise<number> {
  const gone = await listAnnouncedPostsGone(db, now, BATCH);
  let sent = 0;
  for (const row of gone) {
    if ((await claimPostRemoval(db, row.post_id)) === 0n) continue;
    try {
      await send(article.remove(row.post_id));
    } catch (error) {
      await restorePostAnnouncement(db, row);
      throw error;
    }
    sent++;
  }
  return sent;
}

export async function announcePostChanges(
  federation: BlogFederation,
  db: Db,
  now: Date,
  siteUrl: string,
): Promise<AnnounceReport> {
  const ctx = federation.createContext(new URL(siteUrl), undefined);
  const actor = ctx.getActorUri(BLOG_ACTOR);
  const followers = ctx.getFollowersUri(BLOG_ACTOR);
  // One fan-out row per activity: the followers are walked a page at a time (fanout.ts), never held in memory.
  const send: Send = (activity) => enqueueFanout(db, ctx, BLOG_ACTOR, activity, now);
  const article: ArticleOf = {
    create: (post) => createFor(ctx, articleFor(ctx, siteUrl, post)),
    update: (post) => {
      const object = articleFor(ctx, siteUrl, post);
      return new Update({
        id: new URL(`${object.id!.href}#update-${post.updatedAt.getTime()}`),
        actor,
        object,
        tos: object.toIds,
        ccs: object.ccIds,
      });
    },
    remove: (postId) => {
      const id = ctx.getObjectUri(Article, { id: String(postId) });
      return new Delete({
        id: new URL(`${id.href}#delete`),
        actor,
        object: new Tombstone({ id }),
        to: PUBLIC_COLLECTION,
        cc: followers,
      });
    },
  };
  return {
    created: await announceNew(db, now, send, article),
    updated: await announceEdits(db, now, send, article),
    deleted: await announceGone(db, now, send, article),
  };
}
