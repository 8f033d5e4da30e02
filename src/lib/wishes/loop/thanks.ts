// When a wish is granted, everyone (with an account) who offered support on it
// hears of it, with the thank-you: in-app, and by mail through notify().
import type { Db } from '../../db.ts';
import { markdownToText, truncateText } from '../../markdown/markdown.ts';
import { notify } from '../../notifications/notifications.ts';
import { wishLink } from '../links.ts';

export async function thankOfferers(
  db: Db,
  wish: { id: number; user_id: string | null; author_name: string; wish_date: string },
  thankYouMd: string | null,
): Promise<void> {
  const offerers = await db
    .selectFrom('offers')
    .select('user_id')
    .distinct()
    .where('wish_id', '=', wish.id)
    .where('status', '=', 'approved')
    .where('user_id', 'is not', null)
    .execute();
  const thanks = thankYouMd ? `: “${truncateText(markdownToText(thankYouMd), 300)}”` : '.';
  await notify(
    db,
    offerers
      .filter((o) => o.user_id !== wish.user_id)
      .map((o) => ({
        userId: o.user_id!,
        kind: 'wish-granted',
        message: `${wish.author_name}'s wish that you offered support on was granted${thanks}`,
        link: wishLink(wish.wish_date, wish.id),
      })),
  );
}
