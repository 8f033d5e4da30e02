// Passkeys: add and remove one's own (/account/passkeys), and sign in with one
// (/login, or /login/code instead of the code). addOptions answers the page's
// script with a ceremony's options (sign-in's come from /login/passkey-options,
// where the /login cookies go); the others are forms the script submits with
// the browser's answer in a hidden field (removing needs no script).
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { addPasskeyInput, ceremonyResponseField, removePasskeyInput } from '../lib/auth/passkeys/input.ts';
import { finishAddingPasskey, removePasskey, startAddingPasskey } from '../lib/auth/passkeys/service.ts';
import { signInWithPasskey, signInWithPasskeyAsSecondStep } from '../lib/auth/sign-in.ts';
import { getApp } from '../server/app.ts';
import { run } from '../server/action-errors.ts';
import { deviceTokenOf, pendingSignInTokenOf } from '../server/cookies.ts';
import { mailRequestContext } from '../server/mail.ts';
import { passkeyContext, relyingParty } from '../server/passkeys.ts';
import { holdPendingSignIn, rememberBrowser, requireUser, safeNext, startSession } from '../server/session.ts';

const next = z.string().max(500).nullish();

export const passkeys = {
  /** For the script on /account/passkeys: the options to create a passkey for the signed-in person. */
  addOptions: defineAction({
    accept: 'form',
    handler: (_input, context) =>
      run(async () => {
        const user = requireUser(context);
        const options = await startAddingPasskey(getApp().db, user, await relyingParty(), passkeyContext(context));
        return { options };
      }),
  }),

  add: defineAction({
    accept: 'form',
    input: addPasskeyInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const app = getApp();
        await finishAddingPasskey(
          app.db,
          user.id,
          { name: input.passkey_name, response: input.response },
          await relyingParty(),
          app.now(),
        );
        return { redirectTo: '/account/passkeys?added=1' };
      }),
  }),

  remove: defineAction({
    accept: 'form',
    input: removePasskeyInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        await removePasskey(
          getApp().db,
          user.id,
          { id: input.id, currentPassword: input.current_password },
          passkeyContext(context),
        );
        return { redirectTo: '/account/passkeys?removed=1' };
      }),
  }),

  signIn: defineAction({
    accept: 'form',
    input: z.object({ response: ceremonyResponseField, next }),
    handler: (input, context) =>
      run(async () => {
        const { account, deviceToken } = await signInWithPasskey(getApp().db, input.response, await relyingParty(), {
          ...mailRequestContext(context),
          deviceToken: deviceTokenOf(context.request),
        });
        await startSession(context, account.id);
        rememberBrowser(context, deviceToken);
        return { redirectTo: safeNext(input.next) };
      }),
  }),

  /** The second step of a password sign-in, with a passkey instead of the code. */
  signInAsSecondStep: defineAction({
    accept: 'form',
    input: z.object({ response: ceremonyResponseField, next }),
    handler: (input, context) =>
      run(async () => {
        const { account, deviceToken } = await signInWithPasskeyAsSecondStep(
          getApp().db,
          pendingSignInTokenOf(context.request),
          input.response,
          await relyingParty(),
          { ...mailRequestContext(context), deviceToken: deviceTokenOf(context.request) },
        );
        holdPendingSignIn(context, null);
        await startSession(context, account.id);
        rememberBrowser(context, deviceToken);
        return { redirectTo: safeNext(input.next) };
      }),
  }),
};
