// Which wish cards look the same to everyone a board shows them to, so the
// page cache may keep them between renders (src/server/cache/fragments.ts).
import { scope } from '../../content/scopes.ts';
import type { WishView } from '../view.ts';

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
