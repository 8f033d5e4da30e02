// Notifications of a mail-able kind also become mail, in the same transaction
// as the notification: to verified accounts that have that kind on. An author's
// moderation mail is batched: while one is waiting, no other is queued, and the
// next goes out no sooner than N minutes after the last.
import type { Db } from '../db.ts';
import { composeMail, LINK_SLOT, type MailContent } from './compose.ts';
import { absoluteUrl, type MailContext } from './context.ts';
import { NOTIFICATION_MAIL, type MailPreference } from './kinds.ts';
import { enqueueMail, findLatestMailOfKind, type NewMail } from './outbox-repo.ts';
import { findMailRecipients, type MailRecipient } from './preferences-repo.ts';

type Writer = Pick<Db, 'insertInto' | 'selectFrom'>;

/** A notification as notify() receives it (declared here so mail does not import notifications back). */
export interface NewNotification {
  userId: string;
  kind: string;
  message: string;
  link: string;
}

const ACTIONS: Record<MailPreference, string> = {
  reply: 'Read the reply',
  offer: 'See the offer',
  'offer-accepted': 'See the wish',
  'wish-granted': 'See the wish and its thank-you',
  'wish-conversation': 'Open the conversation',
  moderation: 'Open the moderation queue',
  'wish-day': 'Open the wish board',
  digest: 'Open the wish board',
};

const REASONS: Record<MailPreference, string> = {
  reply: 'You get this because someone replied to your comment.',
  offer: 'You get this because someone offered support on your wish.',
  'offer-accepted': 'You get this because your offer of support was accepted.',
  'wish-granted': 'You get this because you offered support on this wish.',
  'wish-conversation': 'You get this because you take part in this wish: you made it, or your offer was accepted.',
  moderation: 'You get this as an author of the site. At most one such mail is sent per batch of minutes.',
  'wish-day': 'You get this because you have an account on the site.',
  digest: 'You get this because you have an account on the site.',
};

function contentFor(pref: MailPreference, n: NewNotification, context: MailContext): MailContent {
  const paragraphs = [n.message];
  if (pref === 'moderation') {
    paragraphs.push(
      `More may arrive before you look: this mail is sent at most once every ${context.moderationBatchMinutes} minutes.`,
    );
  }
  return {
    subject: n.message,
    paragraphs,
    action: { label: ACTIONS[pref], url: absoluteUrl(context, n.link) },
    reason: REASONS[pref],
  };
}

/** The batched moderation mail: null while one is still waiting to go out. */
async function moderationSlot(db: Writer, userId: string, context: MailContext) {
  const latest = await findLatestMailOfKind(db, userId, 'moderation');
  if (!latest) return { dedupeKey: `moderation:${userId}:after:0`, notBefore: null };
  if (latest.status === 'queued' || latest.status === 'sending') return null;
  const last = latest.sent_at ?? latest.next_attempt_at ?? latest.created_at;
  return {
    // Concurrent writers see the same latest mail, so they race for one key and one wins.
    dedupeKey: `moderation:${userId}:after:${latest.id}`,
    notBefore: new Date(last.getTime() + context.moderationBatchMinutes * 60_000),
  };
}

async function mailFor(
  db: Writer,
  pref: MailPreference,
  n: NewNotification,
  to: MailRecipient,
  context: MailContext,
): Promise<NewMail | null> {
  const slot = pref === 'moderation' ? await moderationSlot(db, to.id, context) : { dedupeKey: null, notBefore: null };
  if (!slot) return null;
  return {
    ...composeMail(context, contentFor(pref, n, context), LINK_SLOT),
    to: to.email,
    userId: to.id,
    kind: pref,
    link: { type: 'unsubscribe', recipient: `u:${to.id}`, kind: pref },
    ...slot,
  };
}

/** Queues the mail that these notifications call for, in the caller's transaction. */
export async function mailNotifications(db: Writer, list: NewNotification[], context: MailContext): Promise<number> {
  const mails: NewMail[] = [];
  for (const n of list) {
    const pref = NOTIFICATION_MAIL[n.kind];
    if (!pref) continue;
    const [to] = await findMailRecipients(db, [n.userId], pref);
    if (!to) continue;
    const mail = await mailFor(db, pref, n, to, context);
    if (mail) mails.push(mail);
  }
  return enqueueMail(db, mails);
}
