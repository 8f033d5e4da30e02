// Every mutation is an Action behind a plain HTML form, grouped by domain.
import { auth } from './auth.ts';
import { notifications } from './notifications.ts';
import { posts } from './posts.ts';

export const server = {
  auth,
  notifications,
  posts,
};
