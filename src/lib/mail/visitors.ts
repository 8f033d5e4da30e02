// Visitors (no account) who gave an email may ask for replies by mail: double
// opt-in (a confirmation link first), and one click stops it.
import type { Db } from '../db.ts';
import { askToConfirmAddress, confirmAddress } from './address-opt-in.ts';
import { composeMail, LINK_SLOT } from './compose.ts';
import { absoluteUrl, type MailContext } from './context.ts';
import { VISITOR_REPLY } from './kinds.ts';
import { enqueueMail, type NewMail } from './outbox-repo.ts';
import { findMailAddress, findRepliesToMail, insertReplySubscription } from './repo.ts';

type Writer = Pick<Db, 'insertInto' | 'selectFrom' | 'updateTable'>;

/**
 * Records that this visitor's comment wants its replies mailed, and asks the
 * address to confirm unless it is confirmed already (address-opt-in.ts: one
 * confirmation a day at most, within the address's share of stranger mail).
 */
export async function requestReplyMail(
  db: Db,
  input: { commentId: number; email: string; now: Date },
  context: MailContext,
): Promise<'confirmed' | 'confirmation-asked'> {
  await insertReplySubscription(db, input);
  const known = await findMailAddress(db, input.email);
  if (known?.confirmed_at && !known.stopped_at) return 'confirmed';
  await askToConfirmAddress(db, { email: input.email, purpose: 'replies', now: input.now }, context);
  return 'confirmation-asked';
}

/** The confirmation link: the address gets replies from now on. False for an invalid link. */
export async function confirmReplyMail(db: Db, token: string, now: Date): Promise<boolean> {
  return (await confirmAddress(db, token, now)) !== null;
}

/** For published replies: mail each confirmed visitor who asked for replies to the parent comment. */
export async function mailVisitorReplies(db: Writer, replyIds: number[], context: MailContext): Promise<number> {
  if (replyIds.length === 0) return 0;
  const rows = await findRepliesToMail(db, replyIds);
  const mails: NewMail[] = [];
  for (const r of rows) {
    if (r.author_email === r.email) continue; // answering oneself
    const content = {
      subject: `${r.author_name} replied to your comment on ${r.title}`,
      paragraphs: [`${r.author_name} replied to your comment on “${r.title}”.`],
      quote: { html: r.body_html, text: r.body_md, by: r.author_name },
      action: { label: 'Read the reply', url: absoluteUrl(context, `/posts/${r.slug}#comment-${r.id}`) },
      reason: 'You get this because you asked to be emailed replies to your comment.',
    };
    mails.push({
      ...composeMail(context, content, LINK_SLOT),
      to: r.email,
      kind: VISITOR_REPLY,
      link: { type: 'unsubscribe', recipient: `e:${r.email}`, kind: VISITOR_REPLY },
    });
  }
  return enqueueMail(db, mails);
}
