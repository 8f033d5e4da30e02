// What becomes of a member's wishes and offers when they delete their account
// (called by src/lib/people/leave.ts, inside its transaction). Their wishes go,
// with the offers and cheers they received; their offers on others' wishes
// stay, unsigned, with their text or without it, as their comments do. Their
// private messages (offer_messages) go: what they shared was for one person.
import type { Db } from '../db.ts';
import { deleteHeldOffersOf, deleteOfferMessagesOf, deleteWishesOf, unsignOffersOf } from './writers-repo.ts';

export interface Release {
  signature: string;
  /** Null keeps the text; otherwise the sanitised HTML shown in its place. */
  removedHtml: string | null;
  now: Date;
}

/** Returns how many wishes were removed. */
export async function releaseWishesOf(trx: Db, userId: string, release: Release): Promise<number> {
  await deleteOfferMessagesOf(trx, userId);
  // Offers and cheers on them go too (on delete cascade).
  const wishes = await deleteWishesOf(trx, userId);
  await deleteHeldOffersOf(trx, userId);
  const text = release.removedHtml === null ? {} : { body_md: '', body_html: release.removedHtml };
  await unsignOffersOf(trx, userId, release.signature, text, release.now);
  return wishes.length;
}
