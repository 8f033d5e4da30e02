// A member's own profile, their picture, and leaving.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { deleteAccount } from '../lib/people/leave.ts';
import { removeAvatar, uploadAvatar } from '../lib/people/picture.ts';
import { updateProfile } from '../lib/people/profiles.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { clientAddressOf } from '../server/client-address.ts';
import { getMediaStorage } from '../server/media.ts';
import { endSession, requireUser } from '../server/session.ts';

// Fields arrive as raw text; src/lib/people checks them, so every message sits beside its field.
const text = z.string().nullish();

export const people = {
  updateProfile: defineAction({
    accept: 'form',
    input: z.object({ name: text, handle: text, bio: text, website: text }),
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        await updateProfile(getApp().db, user.id, input);
        return { redirectTo: '/account?saved=profile' };
      }),
  }),

  /** Multipart, works with JavaScript off; a refused file comes back beside the field. */
  uploadAvatar: defineAction({
    accept: 'form',
    input: z.object({ file: z.instanceof(File).nullish() }),
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const app = getApp();
        const bytes = input.file ? new Uint8Array(await input.file.arrayBuffer()) : new Uint8Array(0);
        await uploadAvatar(app.db, getMediaStorage(), user.id, bytes, {
          ip: clientAddressOf(context),
          now: app.now(),
          rateLimitFactor: app.config.rateLimitFactor,
        });
        return { redirectTo: '/account?saved=picture#picture' };
      }),
  }),

  removeAvatar: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: (_input, context) =>
      run(async () => {
        const user = requireUser(context);
        await removeAvatar(getApp().db, getMediaStorage(), user.id);
        return { redirectTo: '/account?saved=picture-removed#picture' };
      }),
  }),

  deleteAccount: defineAction({
    accept: 'form',
    input: z.object({ password: text, comments: text, confirm: text }),
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const app = getApp();
        await deleteAccount(app.db, user.id, input, app.now(), getMediaStorage());
        // The account's sessions are gone from the database; this browser forgets its cookie too.
        await endSession(context);
        return { redirectTo: '/goodbye' };
      }),
  }),
};
