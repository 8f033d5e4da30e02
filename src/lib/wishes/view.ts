// What the board pages show: a board's wishes with their offers and cheers,
// and a reader's reminder setting.
import type { ModerationStatus, OfferKind } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { areOffersOpen, areWishesOpen, type WishSchedule } from '../schedule/week.ts';
import type { Board } from './board/boards.ts';
import { OFFER_KIND_LABELS } from './input.ts';
import {
  countVisibleWishes,
  selectVisibleOffers,
  selectVisibleWishes,
  selectWishReminder,
  type Viewer,
} from './repo.ts';

export type { Viewer } from './repo.ts';

interface OfferView {
  id: number;
  authorName: string;
  /** A reply from the fediverse: its writer's profile page. */
  authorUrl: string | null;
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
  /** This page's wishes: those still waiting for support first, then the rest, each newest first. */
  wishes: WishView[];
  /** The page shows wishes older than this id (null: the newest). */
  before: number | null;
  /** Where the next page starts (`before`), or null on the last page. */
  nextBefore: number | null;
  /** Wishes on the whole board that this viewer may see. */
  total: number;
}

const BOARD_PAGE_SIZE = 50;

/** A page's cursor from the address: a positive id, or null for the newest; undefined when malformed. */
export function readBoardCursor(raw: string | null): number | null | undefined {
  if (raw === null) return null;
  return /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : undefined;
}

/** Waiting for support comes first: no offer yet and not granted; granted wishes last. */
function supportRank(wish: WishView): number {
  if (wish.grantedAt) return 2;
  return wish.offers.some((o) => o.status === 'approved') ? 1 : 0;
}

/**
 * A page of a board as this viewer sees it (keyset on the wish id, newest
 * first): three queries, whatever the number of wishes on the board.
 */
export async function loadBoardView(
  db: Db,
  board: Board,
  viewer: Viewer,
  now: Date,
  schedule: WishSchedule,
  page: { before?: number | null; size?: number } = {},
): Promise<BoardView> {
  const before = page.before ?? null;
  const size = page.size ?? BOARD_PAGE_SIZE;
  const [rows, total] = await Promise.all([
    selectVisibleWishes(db, board.id, viewer, { before, limit: size + 1 }),
    countVisibleWishes(db, board.id, viewer),
  ]);
  const wishes = rows.slice(0, size);
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
      authorUrl: o.author_url,
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
  const views: WishView[] = wishes.map((w) => ({
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
  }));
  return {
    board,
    wishesOpen: areWishesOpen(now, schedule.timeZone, schedule.wishWeekday, board.date, schedule.openingHour),
    offersOpen: areOffersOpen(now, schedule.timeZone, schedule.wishWeekday, board.date, schedule.openingHour),
    // A stable sort keeps newest first within each rank; the page's wishes never change by it.
    wishes: views.sort((a, b) => supportRank(a) - supportRank(b)),
    before,
    nextBefore: rows.length > size ? wishes.at(-1)!.id : null,
    total,
  };
}

/** Whether this account asked for the wish-day reminder. */
export function getWishReminder(db: Db, userId: string): Promise<boolean> {
  return selectWishReminder(db, userId);
}
