// How a wish turns out, decided by its wisher (an account, or a visitor through
// the manage link): accepting offers, marking it granted, carrying it forward
// to the current board, or letting it rest.
import { wishChanged } from '../../content/scopes.ts';
import { recordChange } from '../../content/version.ts';
import type { Db } from '../../db.ts';
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { renderMarkdown } from '../../markdown/markdown.ts';
import { notifyAuthors } from '../../notifications/notifications.ts';
import { formatWishDay, type WishSchedule } from '../../schedule/week.ts';
import { parseInput } from '../../validation.ts';
import { offererOf } from './announce.ts';
import { ensureCurrentBoard } from '../board/boards.ts';
import { acceptInput, grantInput, OFFER_KIND_LABELS } from '../input.ts';
import { threadLink, wishLink } from '../links.ts';
import { wishRefInput } from './input.ts';
import { findOfferForOwner, findWishForOwner, markRested, setGrantedBlogUrl, type OwnedWish } from './repo.ts';
import { isWisherOf, type Participant } from './participants.ts';
import { tellParty, type LoopContext } from './parties.ts';
import { insertWish, markAccepted, markGranted } from '../repo.ts';
import { thankOfferers } from './thanks.ts';
import { offerAcceptedMail } from '../visitors/visitor-mail.ts';

const WISH_GONE = 'That wish was not found. It may have been removed.';

/** The wisher's own published wish, locked for the change; refusals name what is wrong. */
async function findOwnWish(trx: Db, who: Participant, wishId: number, verb: string): Promise<OwnedWish> {
  const wish = await findWishForOwner(trx, wishId, true);
  if (!wish || wish.status === 'spam' || wish.status === 'deleted') throw new NotFoundError(WISH_GONE);
  if (!isWisherOf(who, { userId: wish.user_id, rootId: wish.root_id })) {
    throw new ForbiddenError(`Only the person who made this wish can ${verb}.`);
  }
  if (wish.status !== 'approved') {
    throw new ConflictError(`This wish is waiting for moderation; you can ${verb} once it is published.`);
  }
  return wish;
}

function assertStillOpen(wish: OwnedWish): void {
  if (wish.granted_at) throw new ConflictError('This wish is already marked granted.');
  if (wish.carried_to_id !== null) {
    throw new ConflictError('This wish was carried forward: its answers belong to the newer wish now.');
  }
}

/** The wisher accepts an offer on their wish; the offerer hears of it. */
export async function acceptOffer(db: Db, who: Participant, raw: unknown, context: LoopContext) {
  const input = parseInput(acceptInput, raw);
  return db.transaction().execute(async (trx) => {
    const offer = await findOfferForOwner(trx, input.offer_id, true);
    if (!offer || offer.status !== 'approved' || offer.wish_status !== 'approved' || offer.withdrawn_at) {
      throw new NotFoundError('That offer was not found. It may have been removed.');
    }
    if (input.wish_id && input.wish_id !== offer.wish_id) {
      throw new DomainError(400, 'That offer is not on this wish. Please reload the page and try again.');
    }
    if (!isWisherOf(who, { userId: offer.wish_user_id, rootId: offer.wish_root_id })) {
      throw new ForbiddenError('Only the person who made this wish can accept offers on it.');
    }
    if (!(await markAccepted(trx, offer.id, context.now))) {
      throw new ConflictError('You have already accepted this offer.');
    }
    const wisherName = who.user?.name ?? offer.wish_author_name;
    await tellParty(
      trx,
      offererOf(offer),
      {
        kind: 'offer-accepted',
        message: `${wisherName} accepted your offer of ${OFFER_KIND_LABELS[offer.kind].toLowerCase()}`,
        link: threadLink(offer.wish_date, offer.wish_id, offer.id),
      },
      (base) => offerAcceptedMail(base, wisherName),
      context,
      who.user?.id ?? null,
    );
    await recordChange(trx, wishChanged(offer.wish_date, offer.wish_id));
    return { offerId: offer.id, wishId: offer.wish_id, boardDate: offer.wish_date };
  });
}

/** The wisher marks their wish granted, with an optional thank-you note and link to their post about it. */
/** With a LoopContext (siteUrl, sendMail), visitors who offered help are thanked by mail too. */
export async function grantWish(db: Db, who: Participant, raw: unknown, context: { now: Date } | LoopContext) {
  const input = parseInput(grantInput, raw);
  const note = input.thank_you
    ? { md: input.thank_you, html: renderMarkdown(input.thank_you, 'strict') }
    : { md: null, html: null };
  return db.transaction().execute(async (trx) => {
    const wish = await findOwnWish(trx, who, input.wish_id, 'mark it granted');
    if (!(await markGranted(trx, wish.id, note, context.now))) {
      throw new ConflictError('This wish is already marked granted.');
    }
    if (input.blog_url) {
      await setGrantedBlogUrl(trx, wish.id, input.blog_url);
    }
    await thankOfferers(trx, wish, input.thank_you ?? null, 'sendMail' in context ? context : null);
    await recordChange(trx, wishChanged(wish.wish_date, wish.id));
    return { wishId: wish.id, boardDate: wish.wish_date };
  });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/**
 * Carries a wish forward to the current board: a new wish with the same words,
 * linked to the original (whose offers stay visible from it). Allowed on any
 * day of the week, since it continues a wish rather than making a new one; the
 * unique carried_from_id lets only one carry win, however many are posted.
 */
export async function carryForward(
  db: Db,
  who: Participant,
  raw: unknown,
  context: { now: Date; schedule: WishSchedule },
) {
  const input = parseInput(wishRefInput, raw);
  const board = await ensureCurrentBoard(db, context.now, context.schedule);
  try {
    return await db.transaction().execute(async (trx) => {
      const wish = await findOwnWish(trx, who, input.wish_id, 'carry it forward');
      assertStillOpen(wish);
      if (wish.board_id === board.id) {
        throw new ConflictError(`This wish is already on this week's board (${formatWishDay(board.date)}).`);
      }
      const wishId = await insertWish(trx, {
        boardId: board.id,
        userId: wish.user_id,
        authorName: wish.author_name,
        authorEmail: wish.author_email,
        bodyMd: wish.body_md,
        bodyHtml: wish.body_html,
        blogUrl: wish.blog_url,
        status: 'approved',
        ip: null,
        visitorTokenHash: null,
        carriedFromId: wish.id,
        rootWishId: wish.root_id,
        now: context.now,
      });
      await notifyAuthors(
        trx,
        { kind: 'wish', message: `${wish.author_name} carried a wish forward`, link: wishLink(board.date, wishId) },
        who.user?.id ?? null,
      );
      // The new wish on this week's board, and the old one, which now points to it.
      await recordChange(trx, [...wishChanged(board.date, wishId), ...wishChanged(wish.wish_date, wish.id)]);
      return { wishId, boardDate: board.date, fromWishId: wish.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('This wish was already carried forward.');
    throw error;
  }
}

/** The wisher lets the wish rest: no more "How did it go?". */
export async function letRest(db: Db, who: Participant, raw: unknown, context: { now: Date }) {
  const input = parseInput(wishRefInput, raw);
  return db.transaction().execute(async (trx) => {
    const wish = await findOwnWish(trx, who, input.wish_id, 'let it rest');
    assertStillOpen(wish);
    if (!(await markRested(trx, wish.id, context.now))) throw new ConflictError('This wish is already resting.');
    await recordChange(trx, wishChanged(wish.wish_date, wish.id));
    return { wishId: wish.id, boardDate: wish.wish_date };
  });
}
