import { defineAction } from 'astro:actions';
import { getApp } from '../server/app.ts';
import { markAllRead } from '../lib/notifications/notifications.ts';
import { requireUser } from '../server/session.ts';

export const notifications = {
  markAllRead: defineAction({
    accept: 'form',
    handler: async (_input, context) => {
      const user = requireUser(context);
      const app = getApp();
      await markAllRead(app.db, user.id, app.now());
      return { done: true };
    },
  }),
};
