// A new post reaches each confirmed follower who chose "every new post", once.
// Visibility needs no job (a scheduled post simply appears), so this looks, like
// the fediverse announcer, for posts that became visible within the last day
// and not mailed yet; a row in follower_mailed_posts claims each post inside the
// transaction that queues its mail, so however many processes look, it goes once.
// The mail is queued with one INSERT … SELECT: no follower is held in memory,
// and each copy's stop link is minted when the worker sends it.
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { visibleToReaders } from '../posts/visibility.ts';
import { composeMail, LINK_SLOT, TOKEN_SLOT, type ComposedMail } from './compose.ts';
import { absoluteUrl, type MailContext } from './context.ts';
import { FOLLOW_MAIL_KIND } from './followers.ts';

/** Posts older than this when first seen (an import, a backdated post) are not news. */
export const NEW_POST_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Posts per run; the next run takes the rest. */
const BATCH = 10;

export interface NewPostMailReport {
  posts: number;
  recipients: number;
}

/** The page where a follower changes what they get, reached with their mail's stop token. */
export function manageFollowUrl(context: MailContext): string {
  return absoluteUrl(context, `/follow/manage?token=${TOKEN_SLOT}`);
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

/** Queues one mail per confirmed follower of new posts for `postId`; returns how many. */
async function queueForFollowers(trx: Db, postId: number, mail: ComposedMail, context: MailContext): Promise<number> {
  const host = new URL(context.siteUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost';
  const kind = FOLLOW_MAIL_KIND.posts;
  const result = await sql`
    insert into outbox (recipient, kind, subject, text_body, html_body, headers, message_id, dedupe_key, link)
    select f.email, ${kind}, ${mail.subject}, ${mail.text}, ${mail.html},
           ${JSON.stringify(mail.headers)}::jsonb || jsonb_build_object('Message-ID', f.message_id),
           f.message_id, ${`follow-post:${postId}:`} || f.id,
           jsonb_build_object('type', 'follow-stop', 'email', f.email, 'choice', 'posts')
    from (
      -- In the select list, so each row draws its own (a lateral join would draw one for all).
      select id, email, '<' || gen_random_uuid()::text || ${`@${host}>`} as message_id
      from followers
      where confirmed_at is not null and wants_posts
    ) f
    order by f.id
    on conflict (dedupe_key) do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

export async function mailNewPostsToFollowers(db: Db, now: Date, context: MailContext): Promise<NewPostMailReport> {
  const posts = await db
    .selectFrom('posts')
    .select(['posts.id', 'posts.slug', 'posts.title', 'posts.excerpt'])
    .where(visibleToReaders(now))
    .where('posts.published_at', '>', new Date(now.getTime() - NEW_POST_WINDOW_MS))
    .where('posts.id', 'not in', (eb) => eb.selectFrom('follower_mailed_posts').select('post_id'))
    .orderBy('posts.published_at')
    .orderBy('posts.id')
    .limit(BATCH)
    .execute();
  const report: NewPostMailReport = { posts: 0, recipients: 0 };
  for (const post of posts) {
    const recipients = await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('follower_mailed_posts')
        .values({ post_id: post.id, mailed_at: now })
        .onConflict((oc) => oc.column('post_id').doNothing())
        .returning('post_id')
        .executeTakeFirst();
      if (!claimed) return null;
      const n = await queueForFollowers(trx, post.id, postMail(context, post), context);
      await trx.updateTable('follower_mailed_posts').set({ recipients: n }).where('post_id', '=', post.id).execute();
      return n;
    });
    if (recipients === null) continue;
    report.posts++;
    report.recipients += recipients;
  }
  return report;
}
