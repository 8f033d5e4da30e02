// A wish's own page (/wishes/<board-date>/<id>) as one viewer sees it: the wish,
// its offers (and those of the wishes it carries forward), cheers, its outcome,
// and, for the wisher, the offerer and the author only, the private threads.
import type { OfferKind, ThreadSide } from '../../../../db/schema.ts';
import { isWithinEditWindow } from '../../comments/policy.ts';
import type { Db } from '../../db.ts';
import { markdownToText, truncateText } from '../../markdown/markdown.ts';
import { areOffersOpen, type WishSchedule } from '../../schedule/week.ts';
import { OFFER_KIND_LABELS } from '../input.ts';
import {
  findWishForPage,
  latestFollowUpStep,
  selectEarlierInChain,
  selectPageOffers,
  type PageOfferRow,
  type PageWishRow,
} from './page-repo.ts';
import { isOffererOf, isWisherOf, threadSideOf, type Participant } from './participants.ts';
import { buildThreads, type ThreadView } from './thread-view.ts';

export interface PageOffer {
  id: number;
  wishId: number;
  authorName: string;
  /** A reply from the fediverse: its writer's profile page. */
  authorUrl: string | null;
  kind: OfferKind;
  kindLabel: string;
  bodyHtml: string;
  /** Only for its offerer, to fill the edit form. */
  bodyMd: string | null;
  status: 'approved' | 'pending';
  acceptedAt: Date | null;
  withdrawnAt: Date | null;
  createdAt: Date;
  isOfferer: boolean;
  canEdit: boolean;
  /** The viewer may accept it (the wisher, while the wish is open). */
  canAccept: boolean;
  thread: ThreadView | null;
}

export interface WishPage {
  id: number;
  boardDate: string;
  prompt: string;
  authorName: string;
  bodyHtml: string;
  bodyMd: string | null;
  blogUrl: string | null;
  status: 'approved' | 'pending';
  grantedAt: Date | null;
  thankYouHtml: string | null;
  restedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  cheerCount: number;
  cheeredByViewer: boolean;
  offersOpen: boolean;
  /** On this week's board (a wish from an earlier one can be carried forward). */
  onCurrentBoard: boolean;
  /** Plain text of the wish, for the page's description. */
  summary: string;
  offers: PageOffer[];
  /** Offers made on the earlier wishes this one carries forward, newest board first. */
  earlier: { boardDate: string; wishId: number; offers: PageOffer[] }[];
  carriedFrom: { boardDate: string; wishId: number } | null;
  carriedTo: { boardDate: string; wishId: number } | null;
  isWisher: boolean;
  canEdit: boolean;
  /** The wisher is asked "How did it go?": a follow-up was sent and the wish is still open. */
  followUpStep: number | null;
  /** Not granted, resting or carried forward. */
  isOpen: boolean;
}

interface PageViewer {
  who: Participant;
  /** A visitor's cookie hash: their own held wish or offer is shown to them. */
  visitorTokenHash: string | null;
}

function isVisible(row: PageWishRow, viewer: PageViewer, isWisher: boolean): boolean {
  if (row.status === 'approved') return true;
  if (row.status !== 'pending') return false;
  return isWisher || (viewer.visitorTokenHash !== null && row.visitor_token_hash === viewer.visitorTokenHash);
}

/** The page's data, or null when this viewer may not see such a wish (or it is not on that board). */
export async function loadWishPage(
  db: Db,
  target: { boardDate: string; wishId: number },
  viewer: PageViewer,
  now: Date,
  schedule: WishSchedule,
): Promise<WishPage | null> {
  const { who } = viewer;
  const row = await findWishForPage(db, target.wishId, who.user?.id ?? null);
  if (!row || row.wish_date !== target.boardDate) return null;
  const ownership = { userId: row.user_id, rootId: row.root_id };
  const isWisher = isWisherOf(who, ownership);
  if (!isVisible(row, viewer, isWisher)) return null;
  const earlierWishes = row.prev_id === null ? [] : await selectEarlierInChain(db, row.root_id, row.created_at);
  const offerViewer = { userId: who.user?.id ?? null, visitorTokenHash: viewer.visitorTokenHash };
  const rows = await selectPageOffers(
    db,
    [row.id, ...earlierWishes.map((w) => w.id)],
    offerViewer,
    who.link?.offerId ?? null,
  );
  const carriedTo = row.next_id === null ? null : { boardDate: row.next_date!, wishId: row.next_id };
  const onCurrentBoard = areOffersOpen(
    now,
    schedule.timeZone,
    schedule.wishWeekday,
    row.wish_date,
    schedule.openingHour,
  );
  const isOpen = row.granted_at === null && row.rested_at === null && carriedTo === null;
  const sides = new Map<number, ThreadSide>();
  for (const o of rows) {
    const side = threadSideOf(who, ownership, { id: o.id, userId: o.user_id, acceptedAt: o.accepted_at });
    if (side) sides.set(o.id, side);
  }
  const threads = await buildThreads(db, sides, rows, who);
  const toOffer = (o: PageOfferRow): PageOffer => {
    const isOfferer = isOffererOf(who, { id: o.id, userId: o.user_id });
    const live = o.withdrawn_at === null;
    return {
      id: o.id,
      wishId: o.wish_id,
      authorName: o.author_name,
      authorUrl: o.author_url,
      kind: o.kind,
      kindLabel: OFFER_KIND_LABELS[o.kind],
      bodyHtml: o.body_html,
      bodyMd: isOfferer && live ? o.body_md : null,
      status: o.status === 'pending' ? 'pending' : 'approved',
      acceptedAt: o.accepted_at,
      withdrawnAt: o.withdrawn_at,
      createdAt: o.created_at,
      isOfferer,
      canEdit: isOfferer && live && isWithinEditWindow(o.created_at, now),
      canAccept: isWisher && isOpen && live && o.status === 'approved' && o.accepted_at === null,
      thread: threads.get(o.id) ?? null,
    };
  };
  return {
    id: row.id,
    boardDate: row.wish_date,
    prompt: row.prompt,
    authorName: row.author_name,
    bodyHtml: row.body_html,
    bodyMd: isWisher ? row.body_md : null,
    blogUrl: row.blog_url,
    status: row.status === 'pending' ? 'pending' : 'approved',
    grantedAt: row.granted_at,
    thankYouHtml: row.thank_you_html,
    restedAt: row.rested_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    cheerCount: Number(row.cheer_count ?? 0),
    cheeredByViewer: Boolean(row.cheered),
    offersOpen: row.status === 'approved' && onCurrentBoard,
    onCurrentBoard,
    summary: truncateText(markdownToText(row.body_md), 200),
    offers: rows.filter((o) => o.wish_id === row.id).map(toOffer),
    earlier: earlierWishes
      .map((w) => ({
        boardDate: w.wish_date,
        wishId: w.id,
        offers: rows.filter((o) => o.wish_id === w.id).map(toOffer),
      }))
      .reverse(),
    carriedFrom: row.prev_id === null ? null : { boardDate: row.prev_date!, wishId: row.prev_id },
    carriedTo,
    isWisher,
    canEdit: isWisher && isWithinEditWindow(row.created_at, now),
    followUpStep: isWisher && isOpen ? await latestFollowUpStep(db, row.id) : null,
    isOpen,
  };
}
