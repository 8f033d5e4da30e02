// What a member's rename or departure changes for readers: every thread and
// wish card that shows their name, their profile, and the site frame.
import { recordChange } from '../content/version.ts';
import { commentChanged, scope, wishChanged } from '../content/scopes.ts';
import type { Db } from '../db.ts';

export async function recordContributorChange(trx: Db, userId: string): Promise<void> {
  const [posts, wishes] = await Promise.all([
    trx.selectFrom('comments').select('post_id').distinct().where('user_id', '=', userId).execute(),
    trx
      .selectFrom('wishes')
      .innerJoin('boards', 'boards.id', 'wishes.board_id')
      .select(['wishes.id', 'boards.wish_date'])
      .where((eb) =>
        eb.or([
          eb('wishes.user_id', '=', userId),
          eb.exists(
            eb
              .selectFrom('offers')
              .select('offers.id')
              .whereRef('offers.wish_id', '=', 'wishes.id')
              .where('offers.user_id', '=', userId),
          ),
        ]),
      )
      .execute(),
  ]);
  await recordChange(trx, [
    scope.site,
    ...posts.flatMap((p) => commentChanged(p.post_id, ['approved'])),
    ...wishes.flatMap((w) => wishChanged(w.wish_date, w.id)),
  ]);
}
