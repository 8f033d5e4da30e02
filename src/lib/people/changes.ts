// What a member's rename or departure changes for readers: every thread and
// wish card that shows their name, their profile, and the site frame.
import { recordChange } from '../content/version.ts';
import { commentChanged, scope, wishChanged } from '../content/scopes.ts';
import type { Db } from '../db.ts';
import { findPostIdsCommentedBy, findWishesTouchedBy } from './repo.ts';

export async function recordContributorChange(trx: Db, userId: string): Promise<void> {
  const [posts, wishes] = await Promise.all([findPostIdsCommentedBy(trx, userId), findWishesTouchedBy(trx, userId)]);
  await recordChange(trx, [
    scope.site,
    ...posts.flatMap((p) => commentChanged(p.post_id, ['approved'])),
    ...wishes.flatMap((w) => wishChanged(w.wish_date, w.id)),
  ]);
}
