// SQL for following by email (table followers, and the mail queued to them with
// one INSERT … SELECT). followers.ts, followers-admin.ts, follower-outbox.ts and
// follower-posts.ts hold the rules.
import { sql } from 'kysely';
import type { FollowChoice } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { visibleToReaders } from '../posts/visibility.ts';
import type { ComposedMail } from './compose.ts';

/** The column that holds each choice. */
export const CHOICE_COLUMN = { posts: 'wants_posts', 'wish-day': 'wants_wish_day', digest: 'wants_digest' } as const;

export async function findFollowerRow(db: Pick<Db, 'selectFrom'>, email: string) {
  return db.selectFrom('followers').selectAll().where('email', '=', email).executeTakeFirst();
}

/** A waiting row (no choices, unconfirmed), unless the address has one already. */
export async function insertWaitingFollower(
  db: Db,
  follower: { email: string; source: 'form' | 'account' | 'import'; now: Date },
): Promise<void> {
  await db
    .insertInto('followers')
    .values({ email: follower.email, source: follower.source, created_at: follower.now })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
}

/** The address follows with these choices, confirmed now unless it was before. */
export async function upsertConfirmedFollower(
  db: Db,
  email: string,
  columns: { wants_posts: boolean; wants_wish_day: boolean; wants_digest: boolean },
  now: Date,
) {
  return db
    .insertInto('followers')
    .values({ email, source: 'form', created_at: now, confirmed_at: now, ...columns })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet((eb) => ({
        confirmed_at: eb.fn.coalesce('followers.confirmed_at', eb.val(now)),
        ...columns,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateConfirmedFollowerChoices(
  db: Db,
  email: string,
  columns: { wants_posts: boolean; wants_wish_day: boolean; wants_digest: boolean },
): Promise<void> {
  await db
    .updateTable('followers')
    .set(columns)
    .where('email', '=', email)
    .where('confirmed_at', 'is not', null)
    .execute();
}

export async function clearFollowerChoice(db: Db, email: string, choice: FollowChoice): Promise<void> {
  await db
    .updateTable('followers')
    .set({ [CHOICE_COLUMN[choice]]: false })
    .where('email', '=', email)
    .execute();
}

/** A confirmed follower left with no choice at all goes. */
export async function deleteFollowerWithoutChoices(db: Db, email: string): Promise<void> {
  await db
    .deleteFrom('followers')
    .where('email', '=', email)
    .where('wants_posts', '=', false)
    .where('wants_wish_day', '=', false)
    .where('wants_digest', '=', false)
    .where('confirmed_at', 'is not', null)
    .execute();
}

/** True when a row went. */
export async function deleteFollower(db: Db, email: string): Promise<boolean> {
  const gone = await db.deleteFrom('followers').where('email', '=', email).executeTakeFirst();
  return gone.numDeletedRows > 0n;
}

export async function countFollowerRows(db: Db): Promise<{ confirmed: number; all: number }> {
  const row = await db
    .selectFrom('followers')
    .select((eb) => [eb.fn.count<number>('confirmed_at').as('confirmed'), eb.fn.countAll<number>().as('all')])
    .executeTakeFirstOrThrow();
  return { confirmed: Number(row.confirmed), all: Number(row.all) };
}

/** Oldest first, `limit` rows after the cursor; `pattern` a LIKE pattern on the address. */
export async function findFollowerRows(
  db: Db,
  options: { after?: number | null; pattern: string | null; limit: number },
) {
  let query = db.selectFrom('followers').selectAll().orderBy('id').limit(options.limit);
  if (options.after) query = query.where('id', '>', options.after);
  if (options.pattern) query = query.where('email', 'like', options.pattern);
  return query.execute();
}

export async function findUnconfirmedFollowerEmails(db: Db, before: Date, limit: number) {
  return db
    .selectFrom('followers')
    .select('email')
    .where('confirmed_at', 'is', null)
    .where('created_at', '<', before)
    .limit(limit)
    .execute();
}

/** Queues `mail` to each confirmed follower of `choice` with one INSERT … SELECT; returns how many copies were new. */
export async function insertMailToFollowers(
  trx: Db,
  run: { choice: FollowChoice; kind: string; mail: ComposedMail; dedupePrefix: string; host: string },
): Promise<number> {
  const { choice, mail } = run;
  const result = await sql`
    insert into outbox (recipient, kind, subject, text_body, html_body, headers, message_id, dedupe_key, link)
    select f.email, ${run.kind}, ${mail.subject}, ${mail.text}, ${mail.html},
           ${JSON.stringify(mail.headers)}::jsonb || jsonb_build_object('Message-ID', f.message_id),
           f.message_id, ${`${run.dedupePrefix}:`} || f.id,
           jsonb_build_object('type', 'follow-stop', 'email', f.email, 'choice', ${choice}::text)
    from (
      -- In the select list, so each row draws its own (a lateral join would draw one for all).
      select id, email, '<' || gen_random_uuid()::text || ${`@${run.host}>`} as message_id
      from followers
      where confirmed_at is not null and ${sql.ref(CHOICE_COLUMN[choice])}
    ) f
    order by f.id
    on conflict (dedupe_key) do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/** Posts that became visible since `since` and are not mailed yet, oldest first. */
export async function findPostsNotMailed(db: Db, now: Date, since: Date, limit: number) {
  return db
    .selectFrom('posts')
    .select(['posts.id', 'posts.slug', 'posts.title', 'posts.excerpt'])
    .where(visibleToReaders(now))
    .where('posts.published_at', '>', since)
    .where('posts.id', 'not in', (eb) => eb.selectFrom('follower_mailed_posts').select('post_id'))
    .orderBy('posts.published_at')
    .orderBy('posts.id')
    .limit(limit)
    .execute();
}

/** Claims a post for its one mail; false when another process claimed it first. */
export async function claimMailedPost(trx: Db, postId: number, now: Date): Promise<boolean> {
  const claimed = await trx
    .insertInto('follower_mailed_posts')
    .values({ post_id: postId, mailed_at: now })
    .onConflict((oc) => oc.column('post_id').doNothing())
    .returning('post_id')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function recordMailedPostRecipients(trx: Db, postId: number, recipients: number): Promise<void> {
  await trx.updateTable('follower_mailed_posts').set({ recipients }).where('post_id', '=', postId).execute();
}
