// The one definition of when readers can see a post: not a draft, and its
// published_at has come. Scheduling therefore needs no job, only `now`. The
// SQL form below must say the same thing as the function above it.
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, PostStatus } from '../../../db/schema.ts';

/** Whether readers can see a post at `now`: not a draft, and its time has come. */
export function isPostVisible(post: { status: PostStatus; publishedAt: Date | null }, now: Date): boolean {
  return post.status !== 'draft' && post.publishedAt !== null && post.publishedAt.getTime() <= now.getTime();
}

/** The status as the author should read it: a scheduled post whose time has come is published. */
export function displayStatus(post: { status: PostStatus; publishedAt: Date | null }, now: Date): PostStatus {
  if (post.status === 'draft') return 'draft';
  return isPostVisible(post, now) ? 'published' : 'scheduled';
}

/** isPostVisible as a WHERE clause on `posts`. */
export function visibleToReaders(now: Date) {
  return (eb: ExpressionBuilder<Database, 'posts'>): Expression<SqlBool> =>
    eb.and([eb('posts.status', '<>', 'draft'), eb('posts.published_at', '<=', now)]);
}
