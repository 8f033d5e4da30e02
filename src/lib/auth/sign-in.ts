// Signing in, in one or two steps: a correct password signs in at once, unless
// the account has two-step sign-in on, when it opens a pending step that a
// code finishes (two-step/service.ts). A browser the account did not know is
// then made known; for a person with two-step sign-in on, such a browser is
// also told by mail ("new sign-in"), through the outbox.
import { formatDateTime } from '../dates.ts';
import type { Db } from '../db.ts';
import { enqueueMail, newSignInMail, type MailContext } from '../mail/door.ts';
import type { LogInInput } from './input.ts';
import { knownDeviceOf, rememberDevice } from './known-devices.ts';
import { beginPendingSignIn, completePendingSignIn, isTwoStepOn, type CodeContext } from './two-step/service.ts';
import { verifyCredentials, type Account, type LogInContext } from './users.ts';

export interface SignInContext extends LogInContext {
  mail: MailContext;
}

export type PasswordOutcome =
  { kind: 'signed-in'; account: Account; deviceToken: string } | { kind: 'code-needed'; pendingToken: string };

export async function signInWithPassword(db: Db, input: LogInInput, context: SignInContext): Promise<PasswordOutcome> {
  const account = await verifyCredentials(db, input, context);
  if (await isTwoStepOn(db, account.id)) {
    return { kind: 'code-needed', pendingToken: await beginPendingSignIn(db, account.id, context.now) };
  }
  return { kind: 'signed-in', account, deviceToken: await admitBrowser(db, account, context, false) };
}

export async function signInWithCode(
  db: Db,
  pendingToken: string | null,
  code: string,
  context: CodeContext & { deviceToken?: string | null; mail: MailContext },
): Promise<{ account: Account; deviceToken: string }> {
  const account = await completePendingSignIn(db, pendingToken, code, context);
  return { account, deviceToken: await admitBrowser(db, account, context, true) };
}

/** Makes this browser known to the account (a fresh token); mails the person if it was new and they asked for two steps. */
async function admitBrowser(
  db: Db,
  account: Account,
  context: { now: Date; deviceToken?: string | null; mail: MailContext },
  twoStepOn: boolean,
): Promise<string> {
  const known = await knownDeviceOf(db, account.email, context.deviceToken ?? null, context.now);
  const token = await rememberDevice(db, account.id, context.deviceToken ?? null, context.now);
  if (!known && twoStepOn) {
    const when = `${formatDateTime(context.now, context.mail.siteTimezone)} (${context.mail.siteTimezone})`;
    await enqueueMail(db, {
      ...newSignInMail(context.mail, account.name, when),
      to: account.email,
      kind: 'new-sign-in',
      userId: account.id,
    });
  }
  return token;
}
