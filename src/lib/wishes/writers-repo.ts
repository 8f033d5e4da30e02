// SQL for wishes and offers found or changed by who wrote them: an account that leaves, a writer the author blocks.
// repo.ts holds the rest; nothing here decides anything.
import type { Db } from '../db.ts';

/** Deletes the private messages a member wrote. */
export async function deleteOfferMessagesOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('offer_messages').where('user_id', '=', userId).execute();
}

/** Deletes a member's wishes (their offers and cheers go too, on delete cascade); returns their ids. */
export async function deleteWishesOf(db: Db, userId: string) {
  return db.deleteFrom('wishes').where('user_id', '=', userId).returning('id').execute();
}

/** Deletes a member's offers nobody has seen yet (held for review or as spam). */
export async function deleteHeldOffersOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('offers').where('user_id', '=', userId).where('status', 'in', ['pending', 'spam']).execute();
}

/** Detaches a member's offers from them, signed with `signature`; `text` (if given) replaces what they said. */
export async function unsignOffersOf(
  db: Db,
  userId: string,
  signature: string,
  text: { body_md?: string | undefined; body_html?: string | undefined },
  now: Date,
): Promise<void> {
  await db
    .updateTable('offers')
    .set({
      user_id: null,
      author_name: signature,
      author_email: null,
      ip: null,
      visitor_token_hash: null,
      updated_at: now,
      ...text,
    })
    .where('user_id', '=', userId)
    .execute();
}

/** Every published or held wish (or offer) with what a block can match: the writer's account, email and address. */
export async function listLiveWriters(db: Db, table: 'wishes' | 'offers') {
  return db
    .selectFrom(table)
    .leftJoin('users', 'users.id', `${table}.user_id`)
    .select([`${table}.id`, `${table}.user_id`, `${table}.author_email`, `${table}.ip`, 'users.email as account_email'])
    .where(`${table}.status`, 'in', ['pending', 'approved'])
    .execute();
}
