// SQL for mail that is not the outbox, followers or preferences: addresses given
// without an account (mail_addresses, reply_subscriptions), the weekly digest's
// news, the weekly runs (mail_runs), and the link-signing key.
import type { Db } from '../db.ts';

/** The address is known (unconfirmed), unless it was before. */
export async function insertMailAddress(db: Db, email: string, now: Date): Promise<void> {
  await db
    .insertInto('mail_addresses')
    .values({ email, created_at: now })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
}

/** The address is confirmed now; `restartReplies` also undoes an earlier "stop replies". */
export async function confirmMailAddress(db: Db, email: string, now: Date, restartReplies: boolean): Promise<void> {
  const restart = restartReplies ? { stopped_at: null } : {};
  await db
    .insertInto('mail_addresses')
    .values({ email, confirmed_at: now })
    .onConflict((oc) => oc.column('email').doUpdateSet({ confirmed_at: now, ...restart }))
    .execute();
}

/** The address stops getting replies (a row is made if there was none). */
export async function stopRepliesToAddress(db: Db, email: string, now: Date): Promise<void> {
  await db
    .insertInto('mail_addresses')
    .values({ email, stopped_at: now })
    .onConflict((oc) => oc.column('email').doUpdateSet({ stopped_at: now }))
    .execute();
}

export async function findMailAddress(db: Pick<Db, 'selectFrom'>, email: string) {
  return db.selectFrom('mail_addresses').selectAll().where('email', '=', email).executeTakeFirst();
}

/** When the address's owner confirmed it, or null; the address as given (already normalised by the caller). */
export async function findAddressConfirmedAt(db: Pick<Db, 'selectFrom'>, email: string): Promise<Date | null> {
  const row = await db
    .selectFrom('mail_addresses')
    .select('confirmed_at')
    .where('email', '=', email)
    .executeTakeFirst();
  return row?.confirmed_at ?? null;
}

/** The comment wants its replies mailed (once: a second request changes nothing). */
export async function insertReplySubscription(
  db: Db,
  subscription: { commentId: number; email: string; now: Date },
): Promise<void> {
  await db
    .insertInto('reply_subscriptions')
    .values({ comment_id: subscription.commentId, email: subscription.email, created_at: subscription.now })
    .onConflict((oc) => oc.column('comment_id').doNothing())
    .execute();
}

/** Approved replies among these whose parent's visitor asked for replies and has a confirmed, unstopped address. */
export async function findRepliesToMail(db: Pick<Db, 'selectFrom'>, replyIds: number[]) {
  return db
    .selectFrom('comments as reply')
    .innerJoin('reply_subscriptions as sub', 'sub.comment_id', 'reply.parent_id')
    .innerJoin('mail_addresses as addr', 'addr.email', 'sub.email')
    .innerJoin('posts', 'posts.id', 'reply.post_id')
    .select(['reply.id', 'reply.author_name', 'reply.author_email', 'reply.body_md', 'reply.body_html'])
    .select(['posts.slug', 'posts.title', 'sub.email'])
    .where('reply.id', 'in', replyIds)
    .where('reply.status', '=', 'approved')
    .where('addr.confirmed_at', 'is not', null)
    .where('addr.stopped_at', 'is', null)
    .execute();
}

/** How many published wishes the board got: none, and the digest says the board stayed empty. */
export async function countBoardWishes(db: Db, boardDate: string): Promise<number> {
  const row = await db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('boards.wish_date', '=', boardDate)
    .where('wishes.status', '=', 'approved')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The board's published wishes not granted and without an approved offer, oldest first. */
export async function findWishesWaitingForSupport(db: Db, boardDate: string) {
  return db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'wishes.body_md', 'wishes.author_name'])
    .where('boards.wish_date', '=', boardDate)
    .where('wishes.status', '=', 'approved')
    .where('wishes.granted_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('offers')
            .select('offers.id')
            .whereRef('offers.wish_id', '=', 'wishes.id')
            .where('offers.status', '=', 'approved'),
        ),
      ),
    )
    .orderBy('wishes.created_at')
    .limit(20)
    .execute();
}

/** Posts published in (since, now], newest first. */
export async function findPostsPublishedSince(db: Db, since: Date, now: Date) {
  return db
    .selectFrom('posts')
    .select(['slug', 'title'])
    .where('status', '!=', 'draft')
    .where('published_at', '<=', now)
    .where('published_at', '>', since)
    .orderBy('published_at', 'desc')
    .limit(5)
    .execute();
}

// Alike findPostsPublishedSince above: kept apart because only the shape is shared; each lists its own week's news.
/** Wishes marked granted in (since, now], newest first. */
export async function findWishesGrantedSince(db: Db, since: Date, now: Date) {
  return db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.id', 'wishes.body_md', 'wishes.author_name', 'boards.wish_date'])
    .where('wishes.status', '=', 'approved')
    .where('wishes.granted_at', '>', since)
    .where('wishes.granted_at', '<=', now)
    .orderBy('wishes.granted_at', 'desc')
    .limit(10)
    .execute();
}

/** Claims a weekly run by its key; false when another call claimed it first. */
export async function claimMailRun(trx: Db, key: string, now: Date): Promise<boolean> {
  const claimed = await trx
    .insertInto('mail_runs')
    .values({ key, ran_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function recordMailRunRecipients(trx: Db, key: string, recipients: number): Promise<void> {
  await trx.updateTable('mail_runs').set({ recipients }).where('key', '=', key).execute();
}

/** Writes the key unless one is stored already (every process agrees on the first key written). */
export async function insertSigningKeyIfAbsent(db: Pick<Db, 'insertInto'>, name: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: name, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export async function findSigningKeyValue(db: Pick<Db, 'selectFrom'>, name: string): Promise<unknown> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
