// SQL for visitors' own items on the board (no account, an email given).
import type { Db } from '../../db.ts';

/** Held or published: what a visitor may still act on. */
const LIVE = ['approved', 'pending'] as const;

/** A visitor's live wish (this one) and offers on it, made without an account under `email`. */
export async function findVisitorItemsByEmail(db: Db, wishId: number, email: string) {
  const wishes = await db
    .selectFrom('wishes')
    .select(['id', 'author_name'])
    .where('id', '=', wishId)
    .where('user_id', 'is', null)
    .where('author_email', '=', email)
    .where('status', 'in', LIVE)
    .execute();
  const offers = await db
    .selectFrom('offers')
    .select(['id', 'author_name'])
    .where('wish_id', '=', wishId)
    .where('user_id', 'is', null)
    .where('author_email', '=', email)
    .where('status', 'in', LIVE)
    .execute();
  return { wishes, offers };
}
