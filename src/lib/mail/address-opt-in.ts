// The double opt-in for an address given without an account, with a comment
// ("email me replies"), a wish or an offer: until its owner confirms it (a POST
// from the link, on /confirm-replies), it gets nothing but a confirmation mail,
// at most one a day for each purpose and three mails a day in all
// (stranger-limit.ts). One confirmation confirms the address for both.
import type { Db } from '../db.ts';
import { composeMail, LINK_SLOT } from './compose.ts';
import type { MailContext } from './context.ts';
import { enqueueMail } from './outbox-repo.ts';
import { confirmMailAddress, insertMailAddress } from './repo.ts';
import { giveBackStrangerMail, mayMailStranger } from './stranger-limit.ts';
import { verifySubject } from './tokens.ts';

export { isAddressConfirmed } from './stranger-limit.ts';

/** What the address was given for: replies to a comment, or news of a wish or an offer. */
export type OptInPurpose = 'replies' | 'wish';

/** The signed token's kind for each purpose ('confirm' is what reply confirmations always carried). */
export const TOKEN_KIND: Record<OptInPurpose, string> = { replies: 'confirm', wish: 'confirm-wish' };

const WORDING: Record<OptInPurpose, { subject: string; given: string; wanted: string; label: string }> = {
  replies: {
    subject: 'Confirm: email me replies to my comment',
    given: 'Someone (we hope you) left a comment with this address and asked to be emailed when it gets replies.',
    wanted: 'Nothing is sent until you confirm.',
    label: 'Yes, email me replies',
  },
  wish: {
    subject: 'Confirm: email me about my wish or offer',
    given: 'Someone (we hope you) made a wish or an offer on the wish board and gave this address.',
    wanted: 'Nothing about it is sent until you confirm: not its private link, not offers or messages.',
    label: 'Yes, email me about it',
  },
};

/** Queues a confirmation mail for `email`, unless one went today for this purpose or its day's share is spent. */
export async function askToConfirmAddress(
  db: Db,
  input: { email: string; purpose: OptInPurpose; now: Date },
  context: MailContext,
): Promise<boolean> {
  const email = input.email.trim().toLowerCase();
  await insertMailAddress(db, email, input.now);
  const hits = await mayMailStranger(db, email, input.now);
  if (hits === null) return false;
  const words = WORDING[input.purpose];
  const mail = composeMail(
    context,
    {
      subject: words.subject,
      paragraphs: [
        words.given,
        `${words.wanted} If this was not you, ignore this mail and you will hear nothing more.`,
      ],
      // The worker signs the link when it sends the mail (live-links.ts): none waits in the outbox.
      action: { label: words.label, url: LINK_SLOT },
      reason: `You get this because this address was given with ${input.purpose === 'replies' ? 'a comment' : 'a wish or an offer'}.`,
    },
    null,
  );
  const day = input.now.toISOString().slice(0, 10);
  const kind = input.purpose === 'replies' ? 'confirm-replies' : 'confirm-wish';
  const queued = await enqueueMail(db, {
    ...mail,
    to: email,
    kind,
    link: { type: 'confirm-replies', email, purpose: input.purpose },
    dedupeKey: `${kind}:${email}:${day}`,
  });
  // Already asked today: that mail is the one to follow, and this one does not count.
  if (queued === 0) await giveBackStrangerMail(db, hits);
  return queued > 0;
}

/** What a confirmation link is for, or null when it is not one of ours. */
export async function readConfirmation(
  db: Db,
  token: string,
): Promise<{ email: string; purpose: OptInPurpose } | null> {
  const subject = await verifySubject(db, token);
  if (!subject || !subject.recipient.startsWith('e:')) return null;
  const purpose = (Object.keys(TOKEN_KIND) as OptInPurpose[]).find((p) => TOKEN_KIND[p] === subject.kind);
  return purpose ? { email: subject.recipient.slice(2), purpose } : null;
}

/**
 * The confirmation click: the address gets what it was given for from now on.
 * Only a reply confirmation undoes an earlier "stop replies". Null for an invalid link.
 */
export async function confirmAddress(db: Db, token: string, now: Date): Promise<OptInPurpose | null> {
  const confirmation = await readConfirmation(db, token);
  if (!confirmation) return null;
  await confirmMailAddress(db, confirmation.email, now, confirmation.purpose === 'replies');
  return confirmation.purpose;
}
