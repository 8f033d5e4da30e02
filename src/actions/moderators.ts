// Moderators: the author invites, cancels and takes the role back; the invited
// person accepts with a POST from the invitation's page. Each goes on the audit trail.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import {
  acceptModeratorInvitation,
  cancelInvitation,
  inviteModerator,
  revokeModerator,
} from '../lib/auth/moderators.ts';
import { mailContextOf } from '../lib/mail/context.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { audit } from '../server/audit.ts';
import { requireAuthor, requireUser } from '../server/session.ts';

const text = z.string().nullish();

export const moderators = {
  invite: defineAction({
    accept: 'form',
    input: z.object({ email: text }),
    handler: (input, context) =>
      run(async () => {
        const author = requireAuthor(context);
        const app = getApp();
        const invited = await inviteModerator(app.db, author, input, {
          now: app.now(),
          mail: mailContextOf(app.config),
        });
        await audit(context, { action: 'role.invite', subject: `invitation ${invited.invitationId}` });
        return { redirectTo: '/admin/moderators?invited=1' };
      }),
  }),

  cancel: defineAction({
    accept: 'form',
    input: z.object({ id: text }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        const app = getApp();
        await cancelInvitation(app.db, input, app.now());
        await audit(context, { action: 'role.cancel-invitation', subject: `invitation ${input.id ?? ''}` });
        return { redirectTo: '/admin/moderators?cancelled=1' };
      }),
  }),

  revoke: defineAction({
    accept: 'form',
    input: z.object({ user_id: text }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        const revoked = await revokeModerator(getApp().db, input);
        await audit(context, { action: 'role.revoke', subject: `user ${revoked.userId}` });
        return { redirectTo: '/admin/moderators?revoked=1' };
      }),
  }),

  accept: defineAction({
    accept: 'form',
    input: z.object({ token: text }),
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const app = getApp();
        await acceptModeratorInvitation(app.db, user, input.token ?? '', app.now());
        await audit(context, { action: 'role.grant', subject: `user ${user.id}`, detail: 'moderator' });
        return { redirectTo: '/admin/comments?welcome=1' };
      }),
  }),
};
