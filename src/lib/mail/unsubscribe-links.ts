// The one-click unsubscribe link of a (recipient, kind).
import type { Db } from '../db.ts';
import { absoluteUrl, type MailContext } from './context.ts';
import { signSubject, type SignedSubject } from './tokens.ts';

export async function unsubscribeUrl(
  db: Pick<Db, 'selectFrom' | 'insertInto'>,
  context: MailContext,
  subject: SignedSubject,
): Promise<string> {
  return absoluteUrl(context, `/unsubscribe?token=${await signSubject(db, subject)}`);
}
