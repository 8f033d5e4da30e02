// An account earns a reader's trust by confirming its email. Anyone can sign up
// with any address and log in at once, so until the address is confirmed the
// account's comments, wishes and offers are held as a first-time visitor's are.
import type { Role } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { findEmailVerifiedAt } from './repo.ts';
import type { Contributor } from './rules.ts';

/** How the moderation rules see a signed-in writer: the author always trusted, a reader once confirmed. */
export async function accountContributor(db: Db, user: { id: string; role: Role }): Promise<Contributor> {
  if (user.role === 'author') return 'author';
  return (await findEmailVerifiedAt(db, user.id)) ? 'reader' : 'unconfirmed';
}
