// The wish board's rules: who may wish, offer, cheer, grant and accept, and when.
import type { ModerationStatus, Role } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { countLinks, renderMarkdown } from '../markdown/markdown.ts';
import { hasApprovedContribution } from '../moderation/repo.ts';
import { decideStatus, type Contributor } from '../moderation/rules.ts';
import { notify, notifyAuthors } from '../notifications/notifications.ts';
import { limitPosting } from '../ratelimit/posting.ts';
import { getSettings } from '../settings/settings.ts';
import { parseInput } from '../validation.ts';
import { areWishesOpen, currentBoardDate, formatWishDay, nextBoardDate, type WishSchedule } from '../schedule/week.ts';
import { ensureCurrentBoard } from './boards.ts';
import {
  acceptInput,
  cheerInput,
  grantInput,
  OFFER_KIND_LABELS,
  offerInput,
  wishInput,
  type OfferInput,
  type WishInput,
} from './input.ts';
import {
  countCheers,
  findOfferWithWish,
  findWishWithBoard,
  insertCheer,
  insertOffer,
  insertWish,
  markAccepted,
  markGranted,
  updateWishReminder,
} from './repo.ts';

export interface Actor {
  user: { id: string; name: string; role: Role } | null;
  ip: string | null;
  /** The visitor cookie's hash, stored with a visitor's item so they alone see it while held. */
  visitorTokenHash: string | null;
}

export interface WishContext {
  now: Date;
  schedule: WishSchedule;
  rateLimitFactor?: number;
}

const WISH_GONE = 'That wish was not found. It may have been removed.';

export function wishLink(boardDate: string, wishId: number): string {
  return `/wishes/${boardDate}#wish-${wishId}`;
}

interface Author {
  contributor: Contributor;
  name: string;
  email: string | null;
}

/** Readers write under their account; visitors must give a name and an email. */
function authorOf(actor: Actor, input: Pick<WishInput, 'name' | 'email'>): Author {
  if (actor.user) {
    return { contributor: actor.user.role === 'author' ? 'author' : 'reader', name: actor.user.name, email: null };
  }
  const fields: Record<string, string> = {};
  if (!input.name) fields.name = 'Name is required (or log in).';
  if (!input.email) fields.email = 'Email is required (or log in). It is never shown.';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return { contributor: 'visitor', name: input.name!, email: input.email! };
}

/** Counts the post against the limits, then decides whether it is published, held or spam. */
async function admit(
  db: Db,
  actor: Actor,
  author: Author,
  input: { body: string; website_url_confirm?: string | null },
  context: WishContext,
): Promise<ModerationStatus> {
  const poster = { userId: actor.user?.id ?? null, isAuthor: author.contributor === 'author', ip: actor.ip };
  await limitPosting(db, poster, context.now, context.rateLimitFactor ?? 1);
  // People never see the honeypot field; whatever fills it is kept as spam for the author to review.
  if (input.website_url_confirm) return 'spam';
  return decideStatus({
    contributor: author.contributor,
    text: `${author.name}\n${input.body}`,
    linkCount: countLinks(input.body),
    previouslyApproved: author.email ? await hasApprovedContribution(db, author.email) : false,
    settings: await getSettings(db),
  });
}

function assertWishOpen(input: WishInput, context: WishContext): void {
  const { timeZone, wishWeekday } = context.schedule;
  if (areWishesOpen(context.now, timeZone, wishWeekday, input.board_date)) return;
  if (areWishesOpen(context.now, timeZone, wishWeekday)) {
    throw new ConflictError(
      "That form was for an earlier wish board, which is closed. Today's board is open: post your wish again below.",
    );
  }
  const next = formatWishDay(nextBoardDate(context.now, timeZone, wishWeekday));
  throw new ConflictError(
    `The wish board is closed: wishes are made on the wish day only. The next wish board opens on ${next}.`,
  );
}

/** Posts a wish on today's board; refused unless the form's board is the one open today. */
export async function postWish(db: Db, actor: Actor, raw: unknown, context: WishContext) {
  const input = parseInput(wishInput, raw);
  const author = authorOf(actor, input);
  assertWishOpen(input, context);
  const board = await ensureCurrentBoard(db, context.now, context.schedule);
  const status = await admit(db, actor, author, input, context);
  const wishId = await db.transaction().execute(async (trx) => {
    const id = await insertWish(trx, {
      boardId: board.id,
      userId: actor.user?.id ?? null,
      authorName: author.name,
      authorEmail: author.email,
      bodyMd: input.body,
      bodyHtml: renderMarkdown(input.body, 'strict'),
      status,
      ip: actor.ip,
      visitorTokenHash: actor.user ? null : actor.visitorTokenHash,
      now: context.now,
    });
    if (status !== 'spam') {
      await notifyAuthors(
        trx,
        status === 'pending'
          ? {
              kind: 'wish-held',
              message: `A wish from ${author.name} is waiting for moderation`,
              link: '/admin/wishes',
            }
          : { kind: 'wish', message: `${author.name} made a wish`, link: wishLink(board.date, id) },
        actor.user?.id ?? null,
      );
    }
    return id;
  });
  return { wishId, boardDate: board.date, status };
}

/** An approved wish by id; a held, removed or unknown one is "not found" to everyone here. */
async function findOpenWish(db: Db, wishId: number, boardDate: string | null | undefined) {
  const wish = await findWishWithBoard(db, wishId);
  if (!wish || wish.status !== 'approved') throw new NotFoundError(WISH_GONE);
  if (boardDate && boardDate !== wish.wish_date) {
    throw new DomainError(400, 'That wish is not on this board. Please reload the page and try again.');
  }
  return wish;
}

function assertOffersOpen(boardDate: string, context: WishContext, what: 'Offers' | 'Cheers'): void {
  const { timeZone, wishWeekday } = context.schedule;
  if (boardDate === currentBoardDate(context.now, timeZone, wishWeekday)) return;
  throw new ConflictError(
    `${what} on the board of ${formatWishDay(boardDate, { withYear: true })} closed when the next board opened. ` +
      "This week's wishes are on the wish board.",
  );
}

/** Offers support on a wish of the current board. */
export async function postOffer(db: Db, actor: Actor, raw: unknown, context: WishContext) {
  const input: OfferInput = parseInput(offerInput, raw);
  const author = authorOf(actor, input);
  const wish = await findOpenWish(db, input.wish_id, input.board_date);
  assertOffersOpen(wish.wish_date, context, 'Offers');
  const status = await admit(db, actor, author, input, context);
  const offerId = await db.transaction().execute(async (trx) => {
    const id = await insertOffer(trx, {
      wishId: wish.id,
      userId: actor.user?.id ?? null,
      authorName: author.name,
      authorEmail: author.email,
      kind: input.kind,
      bodyMd: input.body,
      bodyHtml: renderMarkdown(input.body, 'strict'),
      status,
      ip: actor.ip,
      visitorTokenHash: actor.user ? null : actor.visitorTokenHash,
      now: context.now,
    });
    if (status === 'spam') return id;
    const link = wishLink(wish.wish_date, wish.id);
    const kind = OFFER_KIND_LABELS[input.kind].toLowerCase();
    await notifyAuthors(
      trx,
      status === 'pending'
        ? {
            kind: 'offer-held',
            message: `An offer from ${author.name} is waiting for moderation`,
            link: '/admin/wishes',
          }
        : { kind: 'offer', message: `${author.name} offered ${kind} on a wish`, link },
      actor.user?.id ?? null,
    );
    if (status === 'approved')
      await notifyWisherOfOffer(trx, wish.user_id, actor.user?.id ?? null, author.name, kind, link);
    return id;
  });
  return { offerId, wishId: wish.id, status };
}

/** The wisher hears of each approved offer (not of their own). */
export async function notifyWisherOfOffer(
  db: Db,
  wisherId: string | null,
  offererId: string | null,
  offererName: string,
  kindLabel: string,
  link: string,
): Promise<void> {
  if (!wisherId || wisherId === offererId) return;
  await notify(db, {
    userId: wisherId,
    kind: 'offer-to-you',
    message: `${offererName} offered ${kindLabel} on your wish`,
    link,
  });
}

/** "I wish this for you too": counted once per account. */
export async function cheerWish(db: Db, userId: string, raw: unknown, context: WishContext) {
  const input = parseInput(cheerInput, raw);
  const wish = await findOpenWish(db, input.wish_id, input.board_date);
  assertOffersOpen(wish.wish_date, context, 'Cheers');
  if (!(await insertCheer(db, wish.id, userId, context.now))) {
    throw new ConflictError('You already wish this too: each person counts once.');
  }
  return { wishId: wish.id, count: await countCheers(db, wish.id) };
}

/** The wisher marks their own wish granted, with an optional thank-you note. */
export async function grantWish(db: Db, userId: string, raw: unknown, context: { now: Date }) {
  const input = parseInput(grantInput, raw);
  const wish = await findWishWithBoard(db, input.wish_id);
  if (!wish || wish.status === 'spam' || wish.status === 'deleted') throw new NotFoundError(WISH_GONE);
  if (wish.user_id !== userId) throw new ForbiddenError('Only the person who made this wish can mark it granted.');
  if (wish.status !== 'approved') {
    throw new ConflictError('This wish is waiting for moderation; you can mark it granted once it is published.');
  }
  const note = input.thank_you
    ? { md: input.thank_you, html: renderMarkdown(input.thank_you, 'strict') }
    : { md: null, html: null };
  if (!(await markGranted(db, wish.id, note, context.now))) {
    throw new ConflictError('This wish is already marked granted.');
  }
  return { wishId: wish.id, boardDate: wish.wish_date };
}

/** The wisher accepts an offer on their wish; the offerer (a reader) hears of it. */
export async function acceptOffer(db: Db, user: { id: string; name: string }, raw: unknown, context: { now: Date }) {
  const input = parseInput(acceptInput, raw);
  const offer = await findOfferWithWish(db, input.offer_id);
  if (!offer || offer.status !== 'approved' || offer.wish_status !== 'approved') {
    throw new NotFoundError('That offer was not found. It may have been removed.');
  }
  if (input.wish_id && input.wish_id !== offer.wish_id) {
    throw new DomainError(400, 'That offer is not on this wish. Please reload the page and try again.');
  }
  if (offer.wish_user_id !== user.id) {
    throw new ForbiddenError('Only the person who made this wish can accept offers on it.');
  }
  await db.transaction().execute(async (trx) => {
    if (!(await markAccepted(trx, offer.id, context.now))) {
      throw new ConflictError('You have already accepted this offer.');
    }
    if (offer.user_id && offer.user_id !== user.id) {
      await notify(trx, {
        userId: offer.user_id,
        kind: 'offer-accepted',
        message: `${user.name} accepted your offer of ${OFFER_KIND_LABELS[offer.kind].toLowerCase()}`,
        link: `/wishes/${offer.wish_date}#offer-${offer.id}`,
      });
    }
  });
  return { offerId: offer.id, wishId: offer.wish_id, boardDate: offer.wish_date };
}

/** Turns the wish-day reminder on or off for an account. */
export function setWishReminder(db: Db, userId: string, on: boolean): Promise<void> {
  return updateWishReminder(db, userId, on);
}
