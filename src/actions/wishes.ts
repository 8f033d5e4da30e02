// The wish board's forms. Each returns the anchor to show after the redirect.
import { defineAction, type ActionAPIContext } from 'astro:actions';
import { getApp } from '../server/app.ts';
import { wishSchedule } from '../lib/schedule/week.ts';
import {
  acceptInput,
  cheerInput,
  grantInput,
  moderateInput,
  offerInput,
  promptInput,
  reminderInput,
  wishInput,
} from '../lib/wishes/input.ts';
import { moderate } from '../lib/wishes/moderation.ts';
import { setPrompt } from '../lib/wishes/prompts.ts';
import { acceptOffer, cheerWish, grantWish, postOffer, postWish, type Actor } from '../lib/wishes/service.ts';
import { setWishReminder } from '../lib/wishes/service.ts';
import { run } from '../server/action-errors.ts';
import { clientIp, requireAuthor, requireUser } from '../server/session.ts';
import { ensureVisitorTokenHash } from '../server/visitor.ts';

function wishContext() {
  const app = getApp();
  return { now: app.now(), schedule: wishSchedule(app.config), rateLimitFactor: app.config.rateLimitFactor };
}

function actorOf(context: ActionAPIContext): Actor {
  const user = context.locals.user;
  return {
    user: user ? { id: user.id, name: user.name, role: user.role } : null,
    ip: clientIp(context),
    visitorTokenHash: user ? null : ensureVisitorTokenHash(context),
  };
}

export const wishes = {
  post: defineAction({
    accept: 'form',
    input: wishInput,
    handler: (input, context) =>
      run(async () => {
        const result = await postWish(getApp().db, actorOf(context), input, wishContext());
        return { anchor: `wish-${result.wishId}`, status: result.status };
      }),
  }),

  offer: defineAction({
    accept: 'form',
    input: offerInput,
    handler: (input, context) =>
      run(async () => {
        const result = await postOffer(getApp().db, actorOf(context), input, wishContext());
        return { anchor: `offer-${result.offerId}`, status: result.status };
      }),
  }),

  cheer: defineAction({
    accept: 'form',
    input: cheerInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const result = await cheerWish(getApp().db, user.id, input, wishContext());
        return { anchor: `wish-${result.wishId}`, count: result.count };
      }),
  }),

  grant: defineAction({
    accept: 'form',
    input: grantInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const result = await grantWish(getApp().db, user.id, input, { now: getApp().now() });
        return { anchor: `wish-${result.wishId}` };
      }),
  }),

  accept: defineAction({
    accept: 'form',
    input: acceptInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const result = await acceptOffer(getApp().db, user, input, { now: getApp().now() });
        return { anchor: `offer-${result.offerId}` };
      }),
  }),

  moderate: defineAction({
    accept: 'form',
    input: moderateInput,
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        const result = await moderate(getApp().db, input, { now: getApp().now() });
        return { anchor: `${result.target}-${result.id}`, status: result.status };
      }),
  }),

  setPrompt: defineAction({
    accept: 'form',
    input: promptInput,
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        const app = getApp();
        const result = await setPrompt(app.db, input, app.now(), wishSchedule(app.config));
        return { anchor: `prompt-${result.date}` };
      }),
  }),

  setReminder: defineAction({
    accept: 'form',
    input: reminderInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        await setWishReminder(getApp().db, user.id, input.wish_reminder);
        return { on: input.wish_reminder };
      }),
  }),
};
