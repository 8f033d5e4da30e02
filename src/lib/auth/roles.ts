// What each role may do, in one place. A moderator approves, marks as spam and
// deletes comments, wishes and offers and sees reports; only the author writes
// posts, changes settings, reads private threads and sees contact details.
import type { Role } from '../../../db/schema.ts';

export type { Role };

export function canModerate(role: Role): boolean {
  return role === 'author' || role === 'moderator';
}

/** Email addresses and client addresses of the people who wrote: the author's alone. */
export function seesContactDetails(role: Role): boolean {
  return role === 'author';
}
