// Personal data is kept only as long as it is needed. IP addresses (stored to
// fight abuse) and visitors' emails (stored to recognise a visitor the author
// already approved once) are dropped once older than the retention setting;
// the content itself stays. The nightly housekeeping job calls this.
//
// Every table that stores an IP address: comments, wishes and offers (`ip`),
// and rate_limit_hits, whose bucket names hold IPs (`post:ip:…`,
// `login-fail:ip:…`) and which src/lib/ratelimit already empties after a day.
import type { Db } from '../db.ts';
import type { SiteSettings } from '../settings/settings.ts';

const DAY_MS = 86_400_000;
const TABLES = ['comments', 'wishes', 'offers'] as const;

export interface PruneOutcome {
  /** Rows whose IP address was dropped. */
  ipsDropped: number;
  /** Visitors' contributions whose email was blanked. */
  emailsBlanked: number;
  /** Visitors' contributions no longer tied to their browser's cookie. */
  visitorTokensDropped: number;
}

export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Drops what is older than `personalDataRetentionDays`: IPs everywhere, and
 * the email and cookie hash of visitors' (not members') contributions. Safe to
 * run any number of times, on any number of processes.
 */
export async function pruneOldPersonalData(
  db: Db,
  now: Date,
  settings: Pick<SiteSettings, 'personalDataRetentionDays'>,
): Promise<PruneOutcome> {
  const cutoff = retentionCutoff(now, settings.personalDataRetentionDays);
  const outcome: PruneOutcome = { ipsDropped: 0, emailsBlanked: 0, visitorTokensDropped: 0 };
  for (const table of TABLES) {
    const ips = await db
      .updateTable(table)
      .set({ ip: null })
      .where('ip', 'is not', null)
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    outcome.ipsDropped += Number(ips.numUpdatedRows);
    // Members' rows never hold an email (theirs stays in `users` until they leave). A visitor who
    // subscribed to replies to their comment keeps it until they unsubscribe (src/lib/mail).
    let blank = db
      .updateTable(table)
      .set({ author_email: null })
      .where('author_email', 'is not', null)
      .where('user_id', 'is', null)
      .where('created_at', '<', cutoff);
    if (table === 'comments') {
      blank = blank.where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('reply_subscriptions').select('comment_id').whereRef('comment_id', '=', 'comments.id'))),
      );
    }
    const emails = await blank.executeTakeFirst();
    outcome.emailsBlanked += Number(emails.numUpdatedRows);
    const tokens = await db
      .updateTable(table)
      .set({ visitor_token_hash: null })
      .where('visitor_token_hash', 'is not', null)
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    outcome.visitorTokensDropped += Number(tokens.numUpdatedRows);
  }
  await db
    .deleteFrom('rate_limit_hits')
    .where((eb) => eb.or([eb('bucket', 'like', 'post:ip:%'), eb('bucket', 'like', 'login-fail:ip:%')]))
    .where('hit_at', '<', cutoff)
    .execute();
  return outcome;
}
