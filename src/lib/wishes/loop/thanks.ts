// When a wish is granted, everyone who offered support on it hears of it, with
// the thank-you: an account in-app (and by mail through notify()), a visitor
// who gave an email by mail with a fresh link to their offer, as for any news.
import type { Db } from '../../db.ts';
import { markdownToText, truncateText } from '../../markdown/markdown.ts';
import { notify } from '../../notifications/notifications.ts';
import { wishLink } from '../links.ts';
import { mailVisitor, type LoopContext } from './parties.ts';
import { listOfferingAccounts, listVisitorOffersWithEmail } from './repo.ts';
import { wishGrantedMail } from '../visitors/visitor-mail.ts';

type GrantedWish = { id: number; user_id: string | null; author_name: string; wish_date: string };

/** Visitors who offered (one mail per address, for their latest offer), unless they are the wisher. */
async function thankVisitorOfferers(
  db: Db,
  wish: GrantedWish & { author_email?: string | null },
  thankYouMd: string | null,
  context: LoopContext,
): Promise<void> {
  const offers = await listVisitorOffersWithEmail(db, wish.id);
  const told = new Set<string>();
  if (wish.author_email) told.add(wish.author_email.toLowerCase());
  for (const offer of offers) {
    const email = offer.author_email!;
    if (told.has(email.toLowerCase())) continue;
    told.add(email.toLowerCase());
    const party = { email, name: offer.author_name, subject: { offerId: offer.id } };
    await mailVisitor(db, party, (base) => wishGrantedMail(base, wish.author_name, thankYouMd), context);
  }
}

export async function thankOfferers(
  db: Db,
  wish: GrantedWish & { author_email?: string | null },
  thankYouMd: string | null,
  /** Without it (no mail for visitors), only accounts are told. */
  context: LoopContext | null = null,
): Promise<void> {
  if (context) await thankVisitorOfferers(db, wish, thankYouMd, context);
  const offerers = await listOfferingAccounts(db, wish.id);
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
