// Dropping personal data past its retention: SQL only (the rules are in retention.ts).
import type { Db } from '../db.ts';

/** The tables whose rows hold a contributor's IP address, email and cookie hash. */
export type ContributionTable = 'comments' | 'wishes' | 'offers';

/** Blanks the IP address of `table`'s rows created before `cutoff`; how many were changed. */
export async function dropIpsBefore(db: Db, table: ContributionTable, cutoff: Date): Promise<number> {
  const ips = await db
    .updateTable(table)
    .set({ ip: null })
    .where('ip', 'is not', null)
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  return Number(ips.numUpdatedRows);
}

/** Blanks visitors' emails on `table`'s rows created before `cutoff`; how many were changed. */
export async function blankVisitorEmailsBefore(db: Db, table: ContributionTable, cutoff: Date): Promise<number> {
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
  return Number(emails.numUpdatedRows);
}

/** Unties `table`'s rows created before `cutoff` from their visitor's cookie; how many were changed. */
export async function dropVisitorTokensBefore(db: Db, table: ContributionTable, cutoff: Date): Promise<number> {
  const tokens = await db
    .updateTable(table)
    .set({ visitor_token_hash: null })
    .where('visitor_token_hash', 'is not', null)
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  return Number(tokens.numUpdatedRows);
}

/** Deletes rate-limit hits whose bucket names an IP address, older than `cutoff`. */
export async function deleteIpRateLimitHitsBefore(db: Db, cutoff: Date): Promise<void> {
  await db
    .deleteFrom('rate_limit_hits')
    .where((eb) => eb.or([eb('bucket', 'like', 'post:ip:%'), eb('bucket', 'like', 'login-fail:ip:%')]))
    .where('hit_at', '<', cutoff)
    .execute();
}
