// Every mutation is an Action behind a plain HTML form, grouped by domain.
import { auth } from './auth.ts';
import { notifications } from './notifications.ts';
import { wishes } from './wishes.ts';

export const server = {
  auth,
  notifications,
  wishes,
};
