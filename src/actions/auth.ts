import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../server/app.ts';
import { changePasswordInput, logInInput, setupInput, signUpInput } from '../lib/auth/input.ts';
import { completeSetup } from '../lib/auth/setup.ts';
import { changePassword, createAccount, verifyCredentials } from '../lib/auth/users.ts';
import { run } from '../server/action-errors.ts';
import { clientAddressOf } from '../server/client-address.ts';
import { endSession, requireUser, safeNext, startSession } from '../server/session.ts';

const next = z.string().max(500).nullish();

export const auth = {
  signUp: defineAction({
    accept: 'form',
    input: signUpInput.extend({ next }),
    handler: (input, context) =>
      run(async () => {
        const account = await createAccount(getApp().db, input);
        await startSession(context, account.id);
        return { redirectTo: safeNext(input.next) };
      }),
  }),

  logIn: defineAction({
    accept: 'form',
    input: logInInput.extend({ next }),
    handler: (input, context) =>
      run(async () => {
        const app = getApp();
        const account = await verifyCredentials(app.db, input, {
          ip: clientAddressOf(context),
          now: app.now(),
          rateLimitFactor: app.config.rateLimitFactor,
        });
        await startSession(context, account.id);
        return { redirectTo: safeNext(input.next) };
      }),
  }),

  logOut: defineAction({
    accept: 'form',
    handler: async (_input, context) => {
      await endSession(context);
      return { redirectTo: '/' };
    },
  }),

  changePassword: defineAction({
    accept: 'form',
    input: changePasswordInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const { db, auth } = getApp();
        await changePassword(db, user.id, { currentPassword: input.current_password, newPassword: input.new_password });
        // Every session of this person ends (other devices included); this browser gets a fresh one.
        await auth.invalidateUserSessions(user.id);
        await startSession(context, user.id, { previousAlreadyEnded: true });
        return { redirectTo: '/account/password?changed=1' };
      }),
  }),

  setUp: defineAction({
    accept: 'form',
    input: setupInput,
    handler: (input, context) =>
      run(async () => {
        const app = getApp();
        const account = await completeSetup(app.db, input.token, input, app.now());
        await startSession(context, account.id);
        return { redirectTo: '/admin' };
      }),
  }),
};
