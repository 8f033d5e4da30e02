// Two-step sign-in on one's own account (/account/two-step): start, confirm with a code, turn off with a code.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { confirmTwoStep, startTwoStepSetup, turnOffTwoStep } from '../lib/auth/two-step/service.ts';
import { getApp } from '../server/app.ts';
import { run } from '../server/action-errors.ts';
import { clientAddressOf } from '../server/client-address.ts';
import { requireUser } from '../server/session.ts';

const codeInput = z.object({ code: z.string().trim().min(1, 'Type the code from your app.').max(40) });

export const twoStep = {
  start: defineAction({
    accept: 'form',
    handler: (_input, context) =>
      run(async () => {
        const user = requireUser(context);
        await startTwoStepSetup(getApp().db, user.id, getApp().now());
        return { redirectTo: '/account/two-step' };
      }),
  }),

  /** The answer carries the recovery codes: the page shows them this once and never again. */
  confirm: defineAction({
    accept: 'form',
    input: codeInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const app = getApp();
        const recoveryCodes = await confirmTwoStep(app.db, user.id, input.code, {
          ip: clientAddressOf(context),
          now: app.now(),
          rateLimitFactor: app.config.rateLimitFactor,
        });
        return { recoveryCodes };
      }),
  }),

  turnOff: defineAction({
    accept: 'form',
    input: codeInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const app = getApp();
        await turnOffTwoStep(app.db, user.id, input.code, {
          ip: clientAddressOf(context),
          now: app.now(),
          rateLimitFactor: app.config.rateLimitFactor,
        });
        return { redirectTo: '/account/two-step?off=1' };
      }),
  }),
};
