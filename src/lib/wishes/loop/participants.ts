// Who may act on a wish or an offer and see its private thread: pure rules.
// A wisher is the account that wished, or a visitor holding the wish's manage
// link (which covers the wishes that carry it forward); an offerer likewise.
import type { Role, ThreadSide } from '../../../../db/schema.ts';
import type { ManageGrant } from '../visitors/manage-links.ts';

export interface Participant {
  user: { id: string; name: string; role: Role } | null;
  /** A visitor's manage link, from the page's path. */
  link: ManageGrant | null;
}

export const NOBODY: Participant = { user: null, link: null };

interface WishOwnership {
  userId: string | null;
  /** The first wish of its carried-forward chain (its own id when it is the first). */
  rootId: number;
}

interface OfferOwnership {
  id: number;
  userId: string | null;
}

export function isWisherOf(who: Participant, wish: WishOwnership): boolean {
  const byAccount = who.user !== null && wish.userId !== null && wish.userId === who.user.id;
  return byAccount || (who.link !== null && who.link.rootWishId !== null && who.link.rootWishId === wish.rootId);
}

export function isOffererOf(who: Participant, offer: OfferOwnership): boolean {
  const byAccount = who.user !== null && offer.userId !== null && offer.userId === who.user.id;
  return byAccount || (who.link !== null && who.link.offerId === offer.id);
}

function isSiteAuthor(who: Participant): boolean {
  return who.user?.role === 'author';
}

/**
 * The side from which someone sees an accepted offer's private thread, or null
 * when they must not see it. The wisher and the offerer first; the author (who
 * moderates) sees every thread. An offer not accepted has no thread.
 */
export function threadSideOf(
  who: Participant,
  wish: WishOwnership,
  offer: OfferOwnership & { acceptedAt: Date | null },
): ThreadSide | null {
  if (offer.acceptedAt === null) return null;
  if (isWisherOf(who, wish)) return 'wisher';
  if (isOffererOf(who, offer)) return 'offerer';
  if (isSiteAuthor(who)) return 'author';
  return null;
}
