// Who hears about a comment, and in which words. Every notification goes through notify().
import type { ModerationStatus } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { mailVisitorReplies, processMailContext } from '../mail/door.ts';
import { notify, type NewNotification } from '../notifications/notifications.ts';
import { findReplyContexts, listAuthorIds } from './repo.ts';

export function commentLink(postSlug: string, commentId: number): string {
  return `/posts/${postSlug}#comment-${commentId}`;
}

interface ReplyContext {
  id: number;
  user_id: string | null;
  author_name: string;
  post_slug: string;
  parent_user_id: string | null;
}

function replyNotice(c: ReplyContext): NewNotification | null {
  if (!c.parent_user_id || c.parent_user_id === c.user_id) return null;
  return {
    userId: c.parent_user_id,
    kind: 'comment_reply',
    message: `${c.author_name} replied to your comment`,
    link: commentLink(c.post_slug, c.id),
  };
}

/** After a comment is saved: the parent's writer hears of a published reply; authors of every comment. */
export async function announceNewComment(db: Db, commentId: number, status: ModerationStatus): Promise<void> {
  if (status === 'spam') return; // spam waits quietly in the queue
  const [c] = await findReplyContexts(db, [commentId]);
  if (!c) return;
  const notices: NewNotification[] = [];
  const reply = status === 'approved' ? replyNotice(c) : null;
  if (reply) notices.push(reply);
  const authors = (await listAuthorIds(db)).filter((id) => id !== c.user_id && id !== reply?.userId);
  for (const userId of authors) {
    notices.push(
      status === 'approved'
        ? {
            userId,
            kind: 'comment_new',
            message: `New comment on ${c.post_title}`,
            link: commentLink(c.post_slug, c.id),
          }
        : {
            userId,
            kind: 'comment_held',
            message: `Comment awaiting moderation on ${c.post_title}`,
            link: '/admin/comments?status=pending',
          },
    );
  }
  await notify(db, notices);
  // Visitors who confirmed "email me replies" hear of a published reply too.
  if (status === 'approved') await mailVisitorReplies(db, [commentId], processMailContext());
}

/** When held comments are approved, the writers of their parents hear of the replies then. */
export async function announceApproved(db: Db, commentIds: number[]): Promise<void> {
  const contexts = await findReplyContexts(db, commentIds);
  const notices = contexts.map(replyNotice).filter((n): n is NewNotification => n !== null);
  await notify(db, notices);
  await mailVisitorReplies(db, commentIds, processMailContext());
}
