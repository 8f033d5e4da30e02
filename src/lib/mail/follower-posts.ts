// A new post reaches each confirmed follower who chose "every new post", once.
// Visibility needs no job (a scheduled post simply appears), so this looks, like
// the fediverse announcer, for posts that became visible within the last day
// and not mailed yet; a row in follower_mailed_posts claims each post inside the
// transaction that queues its mail, so however many processes look, it goes once.
// The mail is queued with one INSERT … SELECT: no follower is held in memory,
// and each copy's stop link is minted when the worker sends it.
import type { Db } from '../db.ts';
import { composeMail, LINK_SLOT, type ComposedMail } from './compose.ts';
import { absoluteUrl, type MailContext } from './context.ts';
import { manageFollowUrl, queueToFollowers } from './follower-outbox.ts';
import { claimMailedPost, findPostsNotMailed, recordMailedPostRecipients } from './followers-repo.ts';

/** Posts older than this when first seen (an import, a backdated post) are not news. */
const NEW_POST_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Posts per run; the next run takes the rest. */
const BATCH = 10;

interface NewPostMailReport {
  posts: number;
  recipients: number;
}

function postMail(context: MailContext, post: { title: string; excerpt: string; slug: string }): ComposedMail {
  return composeMail(
    context,
    {
      subject: post.title,
      paragraphs: [post.excerpt ? `A new post: ${post.title}. ${post.excerpt}` : `A new post: ${post.title}.`],
      action: { label: 'Read it', url: absoluteUrl(context, `/posts/${post.slug}`) },
      sections: [
        {
          title: 'What you get',
          items: [{ label: 'Change what you get, or stop everything', url: manageFollowUrl(context) }],
          empty: '',
        },
      ],
      reason: 'You get this because you follow this site by email and chose every new post.',
    },
    LINK_SLOT,
  );
}

export async function mailNewPostsToFollowers(db: Db, now: Date, context: MailContext): Promise<NewPostMailReport> {
  const posts = await findPostsNotMailed(db, now, new Date(now.getTime() - NEW_POST_WINDOW_MS), BATCH);
  const report: NewPostMailReport = { posts: 0, recipients: 0 };
  for (const post of posts) {
    const recipients = await db.transaction().execute(async (trx) => {
      if (!(await claimMailedPost(trx, post.id, now))) return null;
      const n = await queueToFollowers(trx, {
        choice: 'posts',
        mail: postMail(context, post),
        dedupePrefix: `follow-post:${post.id}`,
        context,
      });
      await recordMailedPostRecipients(trx, post.id, n);
      return n;
    });
    if (recipients === null) continue;
    report.posts++;
    report.recipients += recipients;
  }
  return report;
}
