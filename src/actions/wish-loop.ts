// The wish loop's forms: owners' edits and deletions, the private thread and
// shared details, the follow-up answers, and replacing a manage link. Each
// works for an account and, posted to /wishes/manage/<token>, for its visitor.
// "Lost your private link?" is for anyone: it mails a fresh one to the address
// that made the wish or offer, and says the same whatever was typed.
import { ActionError, defineAction } from 'astro:actions';
import { wishSchedule } from '../lib/schedule/week.ts';
import { deleteOffer, deleteWish, editOffer, editWish } from '../lib/wishes/loop/editing.ts';
import { wishLink } from '../lib/wishes/links.ts';
import {
  editOfferInput,
  editWishInput,
  lostLinkInput,
  messageInput,
  offerRefInput,
  replaceLinkInput,
  shareFields,
  wishRefInput,
} from '../lib/wishes/loop/input.ts';
import { mailLostManageLink } from '../lib/wishes/visitors/lost-link.ts';
import { manageLinkPath, manageTokenFromPath, replaceManageLinks } from '../lib/wishes/visitors/manage-links.ts';
import { carryForward, letRest } from '../lib/wishes/loop/outcomes.ts';
import { postMessage, shareContact } from '../lib/wishes/loop/threads.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { clientAddressOf } from '../server/client-address.ts';
import { onWishPage } from '../server/loop-redirects.ts';
import { loopContext, requireParticipant } from '../server/participant.ts';
import { safeNext } from '../server/session.ts';

const db = () => getApp().db;

export const wishLoop = {
  editWish: defineAction({
    accept: 'form',
    input: editWishInput,
    handler: (input, context) =>
      run(async () => {
        const r = await editWish(db(), await requireParticipant(context), input, loopContext());
        return {
          anchor: `wish-${r.wishId}`,
          redirectTo: onWishPage(context, r.boardDate, r.wishId, `wish-${r.wishId}`),
        };
      }),
  }),

  removeWish: defineAction({
    accept: 'form',
    input: wishRefInput,
    handler: (input, context) =>
      run(async () => {
        const r = await deleteWish(db(), await requireParticipant(context), input, loopContext());
        // The wish's page (and a manage link to it) is gone: back to its board.
        return { anchor: 'board-wishes', redirectTo: `/wishes/${r.boardDate}?deleted=1` };
      }),
  }),

  editOffer: defineAction({
    accept: 'form',
    input: editOfferInput,
    handler: (input, context) =>
      run(async () => {
        const r = await editOffer(db(), await requireParticipant(context), input, loopContext());
        const anchor = `offer-${r.offerId}`;
        return { anchor, redirectTo: onWishPage(context, r.boardDate, r.wishId, anchor) };
      }),
  }),

  removeOffer: defineAction({
    accept: 'form',
    input: offerRefInput,
    handler: (input, context) =>
      run(async () => {
        const r = await deleteOffer(db(), await requireParticipant(context), input, loopContext());
        // A removed offer's own manage link stops working; a withdrawn one keeps its thread readable.
        const onItsLink = manageTokenFromPath(context.url.pathname) !== null;
        const anchor = r.withdrawn ? `offer-${r.offerId}` : 'offers';
        const page = wishLink(r.boardDate, r.wishId);
        return {
          anchor,
          redirectTo: onItsLink && !r.withdrawn ? `${page}#offers` : onWishPage(context, r.boardDate, r.wishId, anchor),
        };
      }),
  }),

  message: defineAction({
    accept: 'form',
    input: messageInput,
    handler: (input, context) =>
      run(async () => {
        const r = await postMessage(db(), await requireParticipant(context), input, loopContext());
        const anchor = `thread-${r.offerId}`;
        return { anchor, redirectTo: onWishPage(context, r.boardDate, r.wishId, anchor) };
      }),
  }),

  share: defineAction({
    accept: 'form',
    input: shareFields,
    handler: (input, context) =>
      run(async () => {
        const r = await shareContact(db(), await requireParticipant(context), input, loopContext());
        const anchor = `thread-${r.offerId}`;
        return { anchor, redirectTo: onWishPage(context, r.boardDate, r.wishId, anchor) };
      }),
  }),

  carryForward: defineAction({
    accept: 'form',
    input: wishRefInput,
    handler: (input, context) =>
      run(async () => {
        const app = getApp();
        const who = await requireParticipant(context);
        const r = await carryForward(app.db, who, input, { ...loopContext(), schedule: wishSchedule(app.config) });
        const anchor = `wish-${r.wishId}`;
        return { anchor, redirectTo: onWishPage(context, r.boardDate, r.wishId, anchor) };
      }),
  }),

  rest: defineAction({
    accept: 'form',
    input: wishRefInput,
    handler: (input, context) =>
      run(async () => {
        const r = await letRest(db(), await requireParticipant(context), input, loopContext());
        return { anchor: 'how-did-it-go', redirectTo: onWishPage(context, r.boardDate, r.wishId, 'how-did-it-go') };
      }),
  }),

  replaceLink: defineAction({
    accept: 'form',
    input: replaceLinkInput,
    handler: (_input, context) =>
      run(async () => {
        const who = await requireParticipant(context);
        if (!who.link) {
          throw new ActionError({ code: 'BAD_REQUEST', message: 'Only a manage link can be replaced.' });
        }
        const token = await replaceManageLinks(db(), who.link, getApp().now());
        return { anchor: 'manage-link', redirectTo: `${manageLinkPath(token)}?new=1#manage-link` };
      }),
  }),

  lostLink: defineAction({
    accept: 'form',
    input: lostLinkInput,
    handler: (input, context) =>
      run(async () => {
        await mailLostManageLink(db(), input, { ...loopContext(), ip: clientAddressOf(context) });
        return { anchor: 'lost-link', redirectTo: safeNext(`${context.url.pathname}?link=sent#lost-link`, '/wishes') };
      }),
  }),
};
