// One mail to every confirmed follower who chose something, queued with one
// INSERT … SELECT in the caller's transaction: no follower is held in memory,
// each copy gets its own Message-ID and dedupe key, and its stop link (which
// also opens the page to change choices) is minted when the worker sends it.
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { readSiteName } from '../settings/settings.ts';
import { fillSiteName, TOKEN_SLOT, type ComposedMail } from './compose.ts';
import { absoluteUrl, type MailContext } from './context.ts';
import { FOLLOW_MAIL_KIND, type FollowChoice } from './followers.ts';

const COLUMN = { posts: 'wants_posts', 'wish-day': 'wants_wish_day', digest: 'wants_digest' } as const;

/** The page where a follower changes what they get, reached with their mail's stop token. */
export function manageFollowUrl(context: MailContext): string {
  return absoluteUrl(context, `/follow/manage?token=${TOKEN_SLOT}`);
}

/** Queues `mail` to each confirmed follower of `choice`; returns how many copies were new. */
export async function queueToFollowers(
  trx: Db,
  run: { choice: FollowChoice; mail: ComposedMail; dedupePrefix: string; context: MailContext },
): Promise<number> {
  const { choice } = run;
  const mail = fillSiteName(run.mail, await readSiteName(trx));
  const host = new URL(run.context.siteUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost';
  const result = await sql`
    insert into outbox (recipient, kind, subject, text_body, html_body, headers, message_id, dedupe_key, link)
    select f.email, ${FOLLOW_MAIL_KIND[choice]}, ${mail.subject}, ${mail.text}, ${mail.html},
           ${JSON.stringify(mail.headers)}::jsonb || jsonb_build_object('Message-ID', f.message_id),
           f.message_id, ${`${run.dedupePrefix}:`} || f.id,
           jsonb_build_object('type', 'follow-stop', 'email', f.email, 'choice', ${choice}::text)
    from (
      -- In the select list, so each row draws its own (a lateral join would draw one for all).
      select id, email, '<' || gen_random_uuid()::text || ${`@${host}>`} as message_id
      from followers
      where confirmed_at is not null and ${sql.ref(COLUMN[choice])}
    ) f
    order by f.id
    on conflict (dedupe_key) do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}
