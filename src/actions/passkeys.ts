// Passkeys: add and remove one's own (/account/passkeys), and sign in with one
// (/login, or /login/code instead of the code). The *Options actions answer the
// page's script with a ceremony's options; the others are forms the script
// submits with the browser's answer in a hidden field (removing needs no script).
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { addPasskeyInput, ceremonyResponseField, removePasskeyInput } from '../lib/auth/passkeys/input.ts';
import {
  finishAddingPasskey,
  relyingPartyOf,
  removePasskey,
  startAddingPasskey,
  startPasskeySignIn,
  type RelyingParty,
} from '../lib/auth/passkeys/service.ts';
import { signInWithPasskey, signInWithPasskeyAsSecondStep, startPasskeySecondStep } from '../lib/auth/sign-in.ts';
import { readSiteName } from '../lib/settings/settings.ts';
import { getApp } from '../server/app.ts';
import { run } from '../server/action-errors.ts';
import { clientAddressOf } from '../server/client-address.ts';
import { deviceTokenOf, pendingSignInTokenOf } from '../server/cookies.ts';
import { mailRequestContext } from '../server/mail.ts';
import { holdPendingSignIn, rememberBrowser, requireUser, safeNext, startSession } from '../server/session.ts';

const next = z.string().max(500).nullish();

async function relyingParty(): Promise<RelyingParty> {
  const { db, config } = getApp();
  return relyingPartyOf(config.siteUrl, await readSiteName(db));
}

function passkeyContext(context: Parameters<typeof clientAddressOf>[0]) {
  const app = getApp();
  return { ip: clientAddressOf(context), now: app.now(), rateLimitFactor: app.config.rateLimitFactor };
}

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

  /**
   * For the sign-in scripts: options to sign in with any passkey of this site
   * (step "sign-in"), or with one of the account whose password was just given
   * (step "second-step", the cookie of /login/code).
   */
  signInOptions: defineAction({
    accept: 'form',
    input: z.object({ step: z.enum(['sign-in', 'second-step']) }),
    handler: (input, context) =>
      run(async () => {
        const { db } = getApp();
        const rp = await relyingParty();
        const options =
          input.step === 'second-step'
            ? await startPasskeySecondStep(db, pendingSignInTokenOf(context.request), rp, passkeyContext(context))
            : await startPasskeySignIn(db, rp, passkeyContext(context));
        return { options };
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
