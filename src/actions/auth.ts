import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../server/app.ts';
import { requestEmailChange } from '../lib/auth/change-email.ts';
import { resetPassword } from '../lib/auth/email-links.ts';
import {
  changeEmailInput,
  changePasswordInput,
  logInInput,
  resetPasswordInput,
  resetRequestInput,
  setupInput,
  signUpInput,
} from '../lib/auth/input.ts';
import { completeSetup } from '../lib/auth/setup.ts';
import { requestPasswordReset, resendVerification, signUp } from '../lib/auth/signup.ts';
import { signInWithCode, signInWithPassword } from '../lib/auth/sign-in.ts';
import { changePassword } from '../lib/auth/users.ts';
import { run } from '../server/action-errors.ts';
import { deviceTokenOf, pendingSignInTokenOf } from '../server/cookies.ts';
import { mailRequestContext } from '../server/mail.ts';
import {
  endSession,
  holdPendingSignIn,
  rememberBrowser,
  requireUser,
  safeNext,
  startSession,
} from '../server/session.ts';

const next = z.string().max(500).nullish();

export const auth = {
  signUp: defineAction({
    accept: 'form',
    input: signUpInput.extend({ next }),
    handler: (input, context) =>
      run(async () => {
        // The same answer whether or not the email has an account: the mail tells the truth.
        await signUp(getApp().db, input, mailRequestContext(context));
        return { redirectTo: `/signup?sent=1&next=${encodeURIComponent(safeNext(input.next))}` };
      }),
  }),

  logIn: defineAction({
    accept: 'form',
    input: logInInput.extend({ next }),
    handler: (input, context) =>
      run(async () => {
        const app = getApp();
        const outcome = await signInWithPassword(app.db, input, {
          ...mailRequestContext(context),
          deviceToken: deviceTokenOf(context.request),
        });
        if (outcome.kind === 'code-needed') {
          // Not signed in yet: the code page finishes it (two-step sign-in).
          holdPendingSignIn(context, outcome.pendingToken);
          return { redirectTo: `/login/code?next=${encodeURIComponent(safeNext(input.next))}` };
        }
        await startSession(context, outcome.account.id);
        rememberBrowser(context, outcome.deviceToken);
        return { redirectTo: safeNext(input.next) };
      }),
  }),

  /** The second step of signing in: a TOTP code or a recovery code, for the sign-in the cookie holds. */
  logInWithCode: defineAction({
    accept: 'form',
    input: z.object({ code: z.string().trim().min(1, 'Type the code.').max(40), next }),
    handler: (input, context) =>
      run(async () => {
        const app = getApp();
        const { account, deviceToken } = await signInWithCode(
          app.db,
          pendingSignInTokenOf(context.request),
          input.code,
          { ...mailRequestContext(context), deviceToken: deviceTokenOf(context.request) },
        );
        holdPendingSignIn(context, null);
        await startSession(context, account.id);
        rememberBrowser(context, deviceToken);
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
        await changePassword(
          db,
          user.id,
          { currentPassword: input.current_password, newPassword: input.new_password },
          mailRequestContext(context),
        );
        // Every session of this person ends (other devices included); this browser gets a fresh one.
        await auth.invalidateUserSessions(user.id);
        await startSession(context, user.id, { previousAlreadyEnded: true });
        return { redirectTo: '/account/password?changed=1' };
      }),
  }),

  requestReset: defineAction({
    accept: 'form',
    input: resetRequestInput,
    handler: (input, context) =>
      run(async () => {
        await requestPasswordReset(getApp().db, input.email, mailRequestContext(context));
        return { redirectTo: '/reset?sent=1' };
      }),
  }),

  resetPassword: defineAction({
    accept: 'form',
    input: resetPasswordInput,
    handler: (input) =>
      run(async () => {
        const app = getApp();
        await resetPassword(app.db, input.token, input.new_password, app.now());
        return { redirectTo: '/login?reset=1' };
      }),
  }),

  changeEmail: defineAction({
    accept: 'form',
    input: changeEmailInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        await requestEmailChange(
          getApp().db,
          user.id,
          { newEmail: input.email, currentPassword: input.current_password },
          mailRequestContext(context),
        );
        return { redirectTo: '/account?email=sent#email' };
      }),
  }),

  resendVerification: defineAction({
    accept: 'form',
    handler: (_input, context) =>
      run(async () => {
        const user = requireUser(context);
        await resendVerification(getApp().db, user.id, mailRequestContext(context));
        return { redirectTo: '/account?verification=sent#email' };
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
