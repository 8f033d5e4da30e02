// One mail to every confirmed follower who chose something, queued with one
// INSERT … SELECT in the caller's transaction: no follower is held in memory,
// each copy gets its own Message-ID and dedupe key, and its stop link (which
// also opens the page to change choices) is minted when the worker sends it.
import type { Db } from '../db.ts';
import { readSiteName } from '../settings/settings.ts';
import { fillSiteName, TOKEN_SLOT, type ComposedMail } from './compose.ts';
import { absoluteUrl, type MailContext } from './context.ts';
import { FOLLOW_MAIL_KIND, type FollowChoice } from './followers.ts';
import { insertMailToFollowers } from './followers-repo.ts';

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
  return insertMailToFollowers(trx, {
    choice,
    kind: FOLLOW_MAIL_KIND[choice],
    mail,
    dedupePrefix: run.dedupePrefix,
    host,
  });
}
