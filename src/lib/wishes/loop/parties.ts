// Telling the people on either side of a wish that something happened: an
// in-app notice for an account (notify(), which also mails once the outbox
// exists), a mail with a fresh manage link for a visitor who gave an email.
import type { Db } from '../../db.ts';
import { askToConfirmAddress, isAddressConfirmed, LINK_SLOT, processMailContext } from '../../mail/door.ts';
import { notify } from '../../notifications/notifications.ts';
import type { ManageSubject } from '../visitors/manage-links.ts';
import type { OutgoingMail, VisitorMailBase } from '../visitors/visitor-mail.ts';

/** A visitor's mail; LINK_SLOT stands where the manage link of `manageLink` goes, minted when it is sent. */
type VisitorMail = OutgoingMail & { manageLink: ManageSubject };

/** Hands a visitor's mail to the outbox, inside the caller's transaction. */
export type MailSink = (db: Db, mail: VisitorMail) => Promise<void>;

export interface LoopContext {
  now: Date;
  /** For absolute links in mails. */
  siteUrl: string;
  /** Where visitors' mail goes; null sends none (visitors then see news on their manage page only). */
  sendMail: MailSink | null;
}

/** One side of a wish: the wisher, or an offerer. */
export interface Party {
  userId: string | null;
  /** A visitor's email (accounts' emails stay in `users`). */
  email: string | null;
  name: string;
  /** What a visitor's manage link is for. */
  subject: ManageSubject;
}

interface Notice {
  kind: string;
  message: string;
  /** Site path for an account's notice. */
  link: string;
}

/**
 * Tells one party: an account gets a notice; a visitor with an email gets a
 * mail carrying a new manage link (the old ones cannot be re-sent: only hashes are kept).
 * An account is not told of its own doing: pass it as `exceptUserId`.
 */
export async function tellParty(
  db: Db,
  party: Party,
  notice: Notice,
  mail: (base: VisitorMailBase) => OutgoingMail,
  context: LoopContext,
  exceptUserId: string | null = null,
): Promise<void> {
  if (party.userId) {
    if (party.userId !== exceptUserId) await notify(db, { userId: party.userId, ...notice });
    return;
  }
  await mailVisitor(db, party, mail, context);
}

/**
 * Mails a visitor the composed message with a fresh manage link to their wish
 * or offer (minted at send time). An address typed with a wish or an offer may
 * be anyone's: until its owner confirms it, it gets a confirmation mail
 * instead, with none of the visitor's words (the same double opt-in as "email
 * me replies").
 */
export async function mailVisitor(
  db: Db,
  party: Pick<Party, 'email' | 'name' | 'subject'>,
  mail: (base: VisitorMailBase) => OutgoingMail,
  context: LoopContext,
): Promise<void> {
  if (!party.email || !context.sendMail) return;
  if (!(await isAddressConfirmed(db, party.email))) {
    const mailContext = { ...processMailContext(), siteUrl: context.siteUrl };
    await askToConfirmAddress(db, { email: party.email, purpose: 'wish', now: context.now }, mailContext);
    return;
  }
  const composed = mail({ to: party.email, name: party.name, manageUrl: LINK_SLOT });
  await context.sendMail(db, { ...composed, manageLink: party.subject });
}
