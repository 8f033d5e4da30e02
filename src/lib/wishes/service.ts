// The wish board's rules for new wishes, offers and cheers: who may, and when.
// A visitor's wish or offer comes with a private manage link (shown once after
// posting, and mailed). Outcomes (accept, grant) are in outcomes.ts.
import { wishChanged } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { ConflictError, DomainError, NotFoundError } from '../errors.ts';
import { markdownToText, renderMarkdown } from '../markdown/markdown.ts';
import { notifyAuthors } from '../notifications/notifications.ts';
import { parseInput } from '../validation.ts';
import { areWishesOpen, currentBoardDate, formatWishDay, nextBoardDate } from '../schedule/week.ts';
import { admit, authorOf, loopContextOf, type Actor, type WishContext } from './admission.ts';
import { announceOffer } from './loop/announce.ts';
import { ensureCurrentBoard } from './board/boards.ts';
import { cheerInput, OFFER_KIND_LABELS, offerInput, wishInput, type OfferInput, type WishInput } from './input.ts';
import { issueManageLink, type ManageSubject } from './visitors/manage-links.ts';
import { mailVisitor } from './loop/parties.ts';
import { findWishWithBoard, insertOffer, insertWish, updateWishReminder } from './repo.ts';
import { countReaction } from '../reactions/repo.ts';
import { giveReaction } from '../reactions/service.ts';
import { manageLinkMail } from './visitors/visitor-mail.ts';
import { wishLink } from './links.ts';
import { recordVerdict } from '../moderation/spam/filter.ts';

export type { Actor, WishContext } from './admission.ts';
export { wishLink } from './links.ts';

const WISH_GONE = 'That wish was not found. It may have been removed.';

function assertWishOpen(input: WishInput, context: WishContext): void {
  const { timeZone, wishWeekday, openingHour } = context.schedule;
  if (areWishesOpen(context.now, timeZone, wishWeekday, input.board_date, openingHour)) return;
  if (areWishesOpen(context.now, timeZone, wishWeekday, undefined, openingHour)) {
    throw new ConflictError(
      "That form was for an earlier wish board, which is closed. Today's board is open: post your wish again below.",
    );
  }
  const next = formatWishDay(nextBoardDate(context.now, timeZone, wishWeekday, openingHour));
  throw new ConflictError(
    `The wish board is closed: wishes are made on the wish day only. The next wish board opens on ${next}.`,
  );
}

/** A visitor's new manage link, shown once; the mail carries one of its own. Null for accounts and for spam. */
async function giveManageLink(
  trx: Db,
  actor: Actor,
  author: { name: string; email: string | null },
  subject: ManageSubject,
  body: string,
  context: WishContext,
): Promise<string | null> {
  if (actor.user || !author.email) return null;
  const token = await issueManageLink(trx, subject, context.now);
  const what = 'wishId' in subject ? 'wish' : 'offer';
  const excerpt = markdownToText(body);
  await mailVisitor(trx, { ...author, subject }, (b) => manageLinkMail(b, what, excerpt), loopContextOf(context));
  return token;
}

/** Posts a wish on today's board; refused unless the form's board is the one open today. */
export async function postWish(db: Db, actor: Actor, raw: unknown, context: WishContext) {
  const input = parseInput(wishInput, raw);
  const author = authorOf(actor, input);
  assertWishOpen(input, context);
  const board = await ensureCurrentBoard(db, context.now, context.schedule);
  const verdict = await admit(db, actor, author, input, context);
  const status = verdict.status;
  return db.transaction().execute(async (trx) => {
    const wishId = await insertWish(trx, {
      boardId: board.id,
      userId: actor.user?.id ?? null,
      authorName: author.name,
      authorEmail: author.email,
      bodyMd: input.body,
      bodyHtml: renderMarkdown(input.body, 'strict'),
      blogUrl: input.blog_url,
      shareOnFediverse: input.share_on_fediverse,
      status,
      ip: actor.ip,
      visitorTokenHash: actor.user ? null : actor.visitorTokenHash,
      now: context.now,
    });
    await recordVerdict(trx, 'wishes', wishId, verdict);
    // Spam is shown to nobody, its sender included: nothing a reader sees changed.
    if (status === 'spam') return { wishId, boardDate: board.date, status, manageToken: null };
    await recordChange(trx, wishChanged(board.date, wishId, [status]));
    await notifyAuthors(
      trx,
      status === 'pending'
        ? { kind: 'wish-held', message: `A wish from ${author.name} is waiting for moderation`, link: '/admin/wishes' }
        : { kind: 'wish', message: `${author.name} made a wish`, link: wishLink(board.date, wishId) },
      actor.user?.id ?? null,
    );
    const manageToken = await giveManageLink(trx, actor, author, { wishId }, input.body, context);
    return { wishId, boardDate: board.date, status, manageToken };
  });
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
  const { timeZone, wishWeekday, openingHour } = context.schedule;
  if (boardDate === currentBoardDate(context.now, timeZone, wishWeekday, openingHour)) return;
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
  const verdict = await admit(db, actor, author, input, context);
  const status = verdict.status;
  return db.transaction().execute(async (trx) => {
    const offerId = await insertOffer(trx, {
      wishId: wish.id,
      userId: actor.user?.id ?? null,
      authorName: author.name,
      authorEmail: author.email,
      kind: input.kind,
      bodyMd: input.body,
      bodyHtml: renderMarkdown(input.body, 'strict'),
      origin: input.origin,
      status,
      ip: actor.ip,
      visitorTokenHash: actor.user ? null : actor.visitorTokenHash,
      now: context.now,
    });
    await recordVerdict(trx, 'offers', offerId, verdict);
    const result = { offerId, wishId: wish.id, boardDate: wish.wish_date, status, manageToken: null as string | null };
    // Spam is shown to nobody, its sender included: nothing a reader sees changed.
    if (status === 'spam') return result;
    await recordChange(trx, wishChanged(wish.wish_date, wish.id, [status]));
    const kind = OFFER_KIND_LABELS[input.kind].toLowerCase();
    await notifyAuthors(
      trx,
      status === 'pending'
        ? {
            kind: 'offer-held',
            message: `An offer from ${author.name} is waiting for moderation`,
            link: '/admin/wishes',
          }
        : {
            kind: 'offer',
            message: `${author.name} offered ${kind} on a wish`,
            link: wishLink(wish.wish_date, wish.id),
          },
      actor.user?.id ?? null,
    );
    if (status === 'approved') await announceOffer(trx, offerId, loopContextOf(context));
    result.manageToken = await giveManageLink(trx, actor, author, { offerId }, input.body, context);
    return result;
  });
}

/** "I wish this for you too": a reaction of kind 'cheer' on the wish, counted once per account. */
export async function cheerWish(db: Db, userId: string, raw: unknown, context: WishContext) {
  const input = parseInput(cheerInput, raw);
  const wish = await findOpenWish(db, input.wish_id, input.board_date);
  assertOffersOpen(wish.wish_date, context, 'Cheers');
  if (wish.user_id === userId) {
    throw new ConflictError('This is your own wish: a cheer is for others to give. Share it with people who can help.');
  }
  await db.transaction().execute(async (trx) => {
    const cheer = { subjectKind: 'wish', subjectId: wish.id, userId, kind: 'cheer' } as const;
    if (!(await giveReaction(trx, cheer, context.now))) {
      throw new ConflictError('You already wish this too: each person counts once.');
    }
    await recordChange(trx, wishChanged(wish.wish_date, wish.id));
  });
  return { wishId: wish.id, count: await countReaction(db, { kind: 'wish', id: wish.id }, 'cheer') };
}
/** Turns the wish-day reminder on or off for an account. */
export function setWishReminder(db: Db, userId: string, on: boolean): Promise<void> {
  return updateWishReminder(db, userId, on);
}
