// Pure rules about when comments may be written, edited and seen.
import type { ModerationStatus } from '../../../db/schema.ts';
import type { SiteSettings } from '../settings/settings.ts';

export const EDIT_WINDOW_MINUTES = 15;
const DAY_MS = 86_400_000;

interface CommentablePost {
  status: 'draft' | 'scheduled' | 'published';
  publishedAt: Date | null;
  commentsClosed: boolean;
}

// Readers see a post's comments exactly when they see the post.
export { isPostVisible } from '../posts/visibility.ts';

/** Closed by the author for this post, or by the site's "close after N days" setting. */
export function areCommentsOpen(
  post: Pick<CommentablePost, 'publishedAt' | 'commentsClosed'>,
  settings: Pick<SiteSettings, 'closeCommentsAfterDays'>,
  now: Date,
): boolean {
  if (post.commentsClosed) return false;
  const days = settings.closeCommentsAfterDays;
  if (days === null || days <= 0 || post.publishedAt === null) return true;
  return now.getTime() - post.publishedAt.getTime() < days * DAY_MS;
}

export function isWithinEditWindow(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() <= EDIT_WINDOW_MINUTES * 60_000;
}

const SEVERITY: Record<ModerationStatus, number> = { approved: 0, pending: 1, spam: 2, deleted: 3 };

/** An edit can hold or flag a comment again, never release it from the queue. */
export function statusAfterEdit(current: ModerationStatus, decided: ModerationStatus): ModerationStatus {
  return SEVERITY[decided] > SEVERITY[current] ? decided : current;
}
