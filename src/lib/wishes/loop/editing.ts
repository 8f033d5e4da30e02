// Owners manage their own words: a wish or an offer can be edited for 15
// minutes after it was made (as comments can) and deleted at any time. An offer
// that was accepted is withdrawn rather than deleted, so its thread reads on.
import { wishChanged } from '../../content/scopes.ts';
import { recordChange } from '../../content/version.ts';
import { EDIT_WINDOW_MINUTES, isWithinEditWindow, statusAfterEdit } from '../../comments/policy.ts';
import type { Db } from '../../db.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import { renderMarkdown } from '../../markdown/markdown.ts';
import { accountContributor } from '../../moderation/accounts.ts';
import type { Contributor } from '../../moderation/rules.ts';
import { parseInput } from '../../validation.ts';
import { judgeEdit } from '../admission.ts';
import { wisherOf } from './announce.ts';
import { threadLink } from '../links.ts';
import { editOfferInput, editWishInput, offerRefInput, wishRefInput } from './input.ts';
import {
  findOfferForOwner,
  findWishForOwner,
  markWishDeleted,
  updateOfferText,
  updateWishText,
  withdrawOrDeleteOffer,
  type OwnedOffer,
  type OwnedWish,
} from './repo.ts';
import { isOffererOf, isWisherOf, type Participant } from './participants.ts';
import { tellParty, type LoopContext } from './parties.ts';
import { messageMail } from '../visitors/visitor-mail.ts';

function contributorOf(db: Db, who: Participant): Promise<Contributor> {
  return who.user === null ? Promise.resolve('visitor') : accountContributor(db, who.user);
}

function assertEditable(createdAt: Date, now: Date, what: 'wish' | 'offer'): void {
  if (!isWithinEditWindow(createdAt, now)) {
    throw new ForbiddenError(
      `The ${EDIT_WINDOW_MINUTES} minutes for editing this ${what} have passed. You can still delete it.`,
    );
  }
}

async function findOwnWish(trx: Db, who: Participant, wishId: number, verb: string): Promise<OwnedWish> {
  const wish = await findWishForOwner(trx, wishId, true);
  if (!wish || wish.status === 'deleted' || wish.status === 'spam') {
    throw new NotFoundError('That wish was not found. It may have been deleted.');
  }
  if (!isWisherOf(who, { userId: wish.user_id, rootId: wish.root_id })) {
    throw new ForbiddenError(`You can only ${verb} your own wishes.`);
  }
  return wish;
}

async function findOwnOffer(trx: Db, who: Participant, offerId: number, verb: string): Promise<OwnedOffer> {
  const offer = await findOfferForOwner(trx, offerId, true);
  if (!offer || offer.status === 'deleted' || offer.status === 'spam' || offer.withdrawn_at) {
    throw new NotFoundError('That offer was not found. It may have been withdrawn.');
  }
  if (!isOffererOf(who, { id: offer.id, userId: offer.user_id })) {
    throw new ForbiddenError(`You can only ${verb} your own offers.`);
  }
  return offer;
}

export async function editWish(db: Db, who: Participant, raw: unknown, context: { now: Date }) {
  const input = parseInput(editWishInput, raw);
  return db.transaction().execute(async (trx) => {
    const wish = await findOwnWish(trx, who, input.wish_id, 'edit');
    assertEditable(wish.created_at, context.now, 'wish');
    const decided = await judgeEdit(
      trx,
      { contributor: await contributorOf(trx, who), name: wish.author_name, published: wish.status === 'approved' },
      input.body,
    );
    const status = statusAfterEdit(wish.status, decided);
    await updateWishText(
      trx,
      wish.id,
      { bodyMd: input.body, bodyHtml: renderMarkdown(input.body, 'strict'), blogUrl: input.blog_url, status },
      context.now,
    );
    await recordChange(trx, wishChanged(wish.wish_date, wish.id, [wish.status, status]));
    return { wishId: wish.id, boardDate: wish.wish_date, status };
  });
}

export async function deleteWish(db: Db, who: Participant, raw: unknown, context: { now: Date }) {
  const input = parseInput(wishRefInput, raw);
  return db.transaction().execute(async (trx) => {
    const wish = await findOwnWish(trx, who, input.wish_id, 'delete');
    await markWishDeleted(trx, wish.id, context.now);
    await recordChange(trx, wishChanged(wish.wish_date, wish.id, [wish.status, 'deleted']));
    return { wishId: wish.id, boardDate: wish.wish_date };
  });
}

export async function editOffer(db: Db, who: Participant, raw: unknown, context: { now: Date }) {
  const input = parseInput(editOfferInput, raw);
  return db.transaction().execute(async (trx) => {
    const offer = await findOwnOffer(trx, who, input.offer_id, 'edit');
    assertEditable(offer.created_at, context.now, 'offer');
    const decided = await judgeEdit(
      trx,
      { contributor: await contributorOf(trx, who), name: offer.author_name, published: offer.status === 'approved' },
      input.body,
    );
    const status = statusAfterEdit(offer.status, decided);
    const bodyHtml = renderMarkdown(input.body, 'strict');
    await updateOfferText(trx, offer.id, { kind: input.kind, bodyMd: input.body, bodyHtml, status }, context.now);
    await recordChange(trx, wishChanged(offer.wish_date, offer.wish_id, [offer.status, status]));
    return { offerId: offer.id, wishId: offer.wish_id, boardDate: offer.wish_date, status };
  });
}

/** Deletes an offer; one already accepted is withdrawn instead, and the wisher is told. */
export async function deleteOffer(db: Db, who: Participant, raw: unknown, context: LoopContext) {
  const input = parseInput(offerRefInput, raw);
  return db.transaction().execute(async (trx) => {
    const offer = await findOwnOffer(trx, who, input.offer_id, 'delete');
    const accepted = offer.accepted_at !== null;
    await withdrawOrDeleteOffer(trx, offer.id, accepted, context.now);
    if (accepted && offer.wish_status === 'approved') {
      const name = who.user?.name ?? offer.author_name;
      await tellParty(
        trx,
        wisherOf(offer),
        {
          kind: 'offer-withdrawn',
          message: `${name} withdrew the offer you accepted`,
          link: threadLink(offer.wish_date, offer.wish_id, offer.id),
        },
        (base) => messageMail(base, name, 'I have withdrawn my offer. Our conversation stays readable under it.'),
        context,
        who.user?.id ?? null,
      );
    }
    await recordChange(trx, wishChanged(offer.wish_date, offer.wish_id, [offer.status, 'deleted']));
    return { offerId: offer.id, wishId: offer.wish_id, boardDate: offer.wish_date, withdrawn: accepted };
  });
}
