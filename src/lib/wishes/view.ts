// What the board pages show: a board's wishes with their offers and cheers,
// and a reader's reminder setting.
import type { ModerationStatus, OfferKind } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { areOffersOpen, areWishesOpen, type WishSchedule } from '../schedule/week.ts';
import type { Board } from './boards.ts';
import { OFFER_KIND_LABELS } from './input.ts';
import { selectVisibleOffers, selectVisibleWishes, selectWishReminder, type Viewer } from './repo.ts';

export type { Viewer } from './repo.ts';

export interface OfferView {
  id: number;
  authorName: string;
  kind: OfferKind;
  kindLabel: string;
  bodyHtml: string;
  /** 'pending' only for the viewer's own held offer. */
  status: ModerationStatus;
  isMine: boolean;
  acceptedAt: Date | null;
  /** Its offerer deleted it after it was accepted: shown as a "withdrawn" note. */
  withdrawnAt: Date | null;
  createdAt: Date;
}

export interface WishView {
  id: number;
  authorName: string;
  bodyHtml: string;
  /** 'pending' only for the viewer's own held wish. */
  status: ModerationStatus;
  isMine: boolean;
  /** The viewer is the signed-in wisher: may grant and accept. */
  isWisher: boolean;
  grantedAt: Date | null;
  thankYouHtml: string | null;
  cheerCount: number;
  cheeredByViewer: boolean;
  createdAt: Date;
  offers: OfferView[];
}

export interface BoardView {
  board: Board;
  /** Wishes may be posted on this board now. */
  wishesOpen: boolean;
  /** Offers and cheers may be given on this board now. */
  offersOpen: boolean;
  wishes: WishView[];
}

/** A board as this viewer sees it: two queries, whatever the number of wishes. */
export async function loadBoardView(
  db: Db,
  board: Board,
  viewer: Viewer,
  now: Date,
  schedule: WishSchedule,
): Promise<BoardView> {
  const wishes = await selectVisibleWishes(db, board.id, viewer);
  const offers = await selectVisibleOffers(
    db,
    wishes.map((w) => w.id),
    viewer,
  );
  const isOwn = (row: { user_id: string | null }, status: ModerationStatus) =>
    (viewer.userId !== null && row.user_id === viewer.userId) || status === 'pending';
  const offersByWish = new Map<number, OfferView[]>();
  for (const o of offers) {
    const list = offersByWish.get(o.wish_id) ?? [];
    list.push({
      id: o.id,
      authorName: o.author_name,
      kind: o.kind,
      kindLabel: OFFER_KIND_LABELS[o.kind],
      bodyHtml: o.body_html,
      status: o.status,
      isMine: isOwn(o, o.status),
      acceptedAt: o.accepted_at,
      withdrawnAt: o.withdrawn_at,
      createdAt: o.created_at,
    });
    offersByWish.set(o.wish_id, list);
  }
  return {
    board,
    wishesOpen: areWishesOpen(now, schedule.timeZone, schedule.wishWeekday, board.date),
    offersOpen: areOffersOpen(now, schedule.timeZone, schedule.wishWeekday, board.date),
    wishes: wishes.map((w) => ({
      id: w.id,
      authorName: w.author_name,
      bodyHtml: w.body_html,
      status: w.status,
      isMine: isOwn(w, w.status),
      isWisher: viewer.userId !== null && w.user_id === viewer.userId,
      grantedAt: w.granted_at,
      thankYouHtml: w.thank_you_html,
      cheerCount: Number(w.cheer_count ?? 0),
      cheeredByViewer: Boolean(w.cheered),
      createdAt: w.created_at,
      offers: offersByWish.get(w.id) ?? [],
    })),
  };
}

/** Whether this account asked for the wish-day reminder. */
export function getWishReminder(db: Db, userId: string): Promise<boolean> {
  return selectWishReminder(db, userId);
}
