// Parts of pages kept between renders (a wish card), each under the scopes it
// shows: when one wish changes, its board is rendered again from the kept cards
// of all the others, and only the changed card is rendered anew.
import { KeptValues } from '../../lib/content/kept.ts';
import { scope } from '../../lib/content/scopes.ts';
import type { WishView } from '../../lib/wishes/view.ts';

export const keptFragments = new KeptValues<string>({
  maxBytes: 8 * 1024 * 1024,
  sizeOf: (html) => 2 * html.length,
});

/**
 * The key of a wish card that looks the same to everyone it is shown to in
 * this context, or null when it is this viewer's own (they wrote it or an
 * offer on it, cheered it, or a form of theirs failed on it): that one is rendered.
 */
export function wishCardKey(
  wish: WishView,
  context: {
    boardDate: string;
    offersOpen: boolean;
    signedIn: boolean;
    path: string;
    before: number | null;
    formFailed: boolean;
  },
): string | null {
  const own = wish.isMine || wish.isWisher || wish.cheeredByViewer || wish.offers.some((o) => o.isMine);
  if (own || context.formFailed) return null;
  const { boardDate, offersOpen, signedIn, path, before } = context;
  return `wish ${wish.id} ${boardDate} ${offersOpen} ${signedIn} ${path} ${before ?? ''}`;
}

export const wishCardScopes = (wish: WishView): string[] => [scope.wish(wish.id)];
