// The notices of the wish loop that more than one rule sends.
import type { Db } from '../../db.ts';
import { OFFER_KIND_LABELS } from '../input.ts';
import { offerLink } from '../links.ts';
import { findOfferForOwner, type OwnedOffer } from './repo.ts';
import { tellParty, type LoopContext, type Party } from './parties.ts';
import { offerReceivedMail } from '../visitors/visitor-mail.ts';

export function wisherOf(offer: OwnedOffer): Party {
  return {
    userId: offer.wish_user_id,
    email: offer.wish_author_email,
    name: offer.wish_author_name,
    subject: { wishId: offer.wish_id },
  };
}

export function offererOf(offer: OwnedOffer): Party {
  return { userId: offer.user_id, email: offer.author_email, name: offer.author_name, subject: { offerId: offer.id } };
}

/** The wisher hears of each offer once it is published (an account is not told of its own). */
export async function announceOffer(db: Db, offerId: number, context: LoopContext): Promise<void> {
  const offer = await findOfferForOwner(db, offerId);
  if (!offer || offer.status !== 'approved' || offer.wish_status !== 'approved') return;
  const kind = OFFER_KIND_LABELS[offer.kind];
  await tellParty(
    db,
    wisherOf(offer),
    {
      kind: 'offer-to-you',
      message: `${offer.author_name} offered ${kind.toLowerCase()} on your wish`,
      link: offerLink(offer.wish_date, offer.wish_id, offer.id),
    },
    (base) => offerReceivedMail(base, offer.author_name, kind),
    context,
    offer.user_id,
  );
}
