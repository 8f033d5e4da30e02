// Changing one's email re-verifies it: the account keeps its current address
// until the link sent to the new one is followed (src/lib/auth/email-links.ts).
import type { Db } from '../db.ts';
import { ValidationError } from '../errors.ts';
import { findQueuedLinkEmail, limitStrangerMail } from '../mail/door.ts';
import { sendVerification } from './email-links.ts';
import type { RequestContext } from './signup.ts';
import { findPendingVerificationEmail } from './tokens-repo.ts';
import { checkOwnPassword } from './users.ts';
import { findEmailAndVerifiedAt, findNameAndEmail } from './users-repo.ts';

export async function requestEmailChange(
  db: Db,
  userId: string,
  input: { newEmail: string; currentPassword: string },
  context: RequestContext,
): Promise<void> {
  await checkOwnPassword(db, userId, input.currentPassword, context);
  const user = await findNameAndEmail(db, userId);
  if (!user) throw new ValidationError({ email: 'Your account was not found.' });
  if (user.email === input.newEmail) throw new ValidationError({ email: 'That is already your email address.' });
  // The new address has confirmed nothing yet: mail to it counts against its daily share.
  await limitStrangerMail(db, input.newEmail, context.now);
  await sendVerification(db, user, input.newEmail, context.now, context.mail);
}

interface EmailStatus {
  email: string;
  verified: boolean;
  /** A newer address waiting for its link to be followed, if any. */
  pending: string | null;
}

export async function getEmailStatus(db: Db, userId: string, now: Date): Promise<EmailStatus | null> {
  const user = await findEmailAndVerifiedAt(db, userId);
  if (!user) return null;
  const pending = await findPendingVerificationEmail(db, userId, user.email, now);
  // The link is minted when its mail is sent: until then, the queued mail says which address waits.
  const queued = await findQueuedLinkEmail(db, userId, 'verify');
  const waiting = queued && queued !== user.email ? queued : (pending?.email ?? null);
  return { email: user.email, verified: user.email_verified_at !== null, pending: waiting };
}
