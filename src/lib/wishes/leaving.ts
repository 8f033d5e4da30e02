// What becomes of a member's wishes and offers when they delete their account
// (called by src/lib/people/leave.ts, inside its transaction). Their wishes go,
// with the offers and cheers they received; their offers on others' wishes
// stay, unsigned, with their text or without it, as their comments do. Their
// private messages (offer_messages) go: what they shared was for one person.
import type { Db } from '../db.ts';

export interface Release {
  signature: string;
  /** Null keeps the text; otherwise the sanitised HTML shown in its place. */
  removedHtml: string | null;
  now: Date;
}

/** Returns how many wishes were removed. */
export async function releaseWishesOf(trx: Db, userId: string, release: Release): Promise<number> {
  await trx.deleteFrom('offer_messages').where('user_id', '=', userId).execute();
  // Offers and cheers on them go too (on delete cascade).
  const wishes = await trx.deleteFrom('wishes').where('user_id', '=', userId).returning('id').execute();
  await trx.deleteFrom('offers').where('user_id', '=', userId).where('status', 'in', ['pending', 'spam']).execute();
  const text = release.removedHtml === null ? {} : { body_md: '', body_html: release.removedHtml };
  await trx
    .updateTable('offers')
    .set({
      user_id: null,
      author_name: release.signature,
      author_email: null,
      ip: null,
      visitor_token_hash: null,
      updated_at: release.now,
      ...text,
    })
    .where('user_id', '=', userId)
    .execute();
  return wishes.length;
}
