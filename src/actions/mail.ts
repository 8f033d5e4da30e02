// The account page's mail settings.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { saveMailPreferences } from '../lib/mail/preferences.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { requireUser } from '../server/session.ts';

export const mail = {
  savePreferences: defineAction({
    accept: 'form',
    input: z.object({ kinds: z.array(z.string().max(40)).max(20).default([]) }),
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        await saveMailPreferences(getApp().db, user.id, user.role === 'author', new Set(input.kinds));
        return { redirectTo: '/account?saved=mail#mail' };
      }),
  }),
};
