// The wish board's forms. Each returns the anchor to show after the redirect; a
// visitor's new wish or offer sends them to its private manage page instead.
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
import { manageLinkPath } from '../lib/wishes/visitors/manage-links.ts';
import { moderate } from '../lib/wishes/moderation.ts';
import { acceptOffer, grantWish } from '../lib/wishes/loop/outcomes.ts';
import { setPrompt } from '../lib/wishes/board/prompts.ts';
import { cheerWish, postOffer, postWish, setWishReminder, type Actor } from '../lib/wishes/service.ts';
import { resolveReports } from '../lib/moderation/reports.ts';
import { audit } from '../server/audit.ts';
import { run } from '../server/action-errors.ts';
import { clientAddressOf } from '../server/client-address.ts';
import { loopContext, requireParticipant } from '../server/participant.ts';
import { requireAuthor, requireModerator, requireUser } from '../server/session.ts';
import { ensureVisitorTokenHash } from '../server/visitor.ts';

function wishContext() {
  const app = getApp();
  return { ...loopContext(), schedule: wishSchedule(app.config) };
}

function actorOf(context: ActionAPIContext): Actor {
  const user = context.locals.user;
  return {
    user: user ? { id: user.id, name: user.name, role: user.role } : null,
    ip: clientAddressOf(context),
    visitorTokenHash: user ? null : ensureVisitorTokenHash(context),
  };
}

/** The manage page, shown once right after posting (the link is also mailed). */
function manageRedirect(token: string | null, anchor: string): string | undefined {
  return token ? `${manageLinkPath(token)}?new=1#${anchor}` : undefined;
}

export const wishes = {
  post: defineAction({
    accept: 'form',
    input: wishInput,
    handler: (input, context) =>
      run(async () => {
        const result = await postWish(getApp().db, actorOf(context), input, wishContext());
        const anchor = `wish-${result.wishId}`;
        return { anchor, status: result.status, redirectTo: manageRedirect(result.manageToken, anchor) };
      }),
  }),

  offer: defineAction({
    accept: 'form',
    input: offerInput,
    handler: (input, context) =>
      run(async () => {
        const result = await postOffer(getApp().db, actorOf(context), input, wishContext());
        const anchor = `offer-${result.offerId}`;
        return { anchor, status: result.status, redirectTo: manageRedirect(result.manageToken, anchor) };
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
        const who = await requireParticipant(context);
        const result = await grantWish(getApp().db, who, input, loopContext());
        return { anchor: `wish-${result.wishId}` };
      }),
  }),

  accept: defineAction({
    accept: 'form',
    input: acceptInput,
    handler: (input, context) =>
      run(async () => {
        const who = await requireParticipant(context);
        const result = await acceptOffer(getApp().db, who, input, loopContext());
        // The private conversation opens under the offer (on the wish's page: "Your private conversation").
        return { anchor: `offer-${result.offerId}` };
      }),
  }),

  moderate: defineAction({
    accept: 'form',
    input: moderateInput,
    handler: (input, context) =>
      run(async () => {
        requireModerator(context);
        const result = await moderate(getApp().db, input, loopContext());
        await resolveReports(getApp().db, result.target, [result.id], getApp().now());
        await audit(context, { action: `${result.target}.${result.status}`, subject: `${result.target} ${result.id}` });
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
