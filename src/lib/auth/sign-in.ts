// Signing in, in one or two steps: a correct password signs in at once, unless
// the account has two-step sign-in on, when it opens a pending step that a
// code finishes (two-step/service.ts). A browser the account did not know is
// then made known; for a person with two-step sign-in on, such a browser is
// also told by mail ("new sign-in"), through the outbox. A passkey signs in
// alone (it is both factors: passkeys/service.ts), from /login or in place of
// the code; a new browser signing in with one is told by mail the same way.
import { formatDateTime } from '../dates.ts';
import type { Db } from '../db.ts';
import { ValidationError } from '../errors.ts';
import { enqueueMail, newSignInMail, type MailContext } from '../mail/door.ts';
import type { LogInInput } from './input.ts';
import { knownDeviceOf, rememberDevice } from './known-devices.ts';
import {
  hasPasskey,
  startPasskeySignIn,
  verifyPasskeySignIn,
  type PasskeyContext,
  type RelyingParty,
} from './passkeys/service.ts';
import {
  beginPendingSignIn,
  completePendingSignIn,
  endPendingSignIn,
  isTwoStepOn,
  pendingAccountOf,
  type CodeContext,
} from './two-step/service.ts';
import { verifyCredentials, type Account, type LogInContext } from './users.ts';

const PENDING_EXPIRED = 'This sign-in has expired (after 5 minutes). Please log in again.';

interface SignInContext extends LogInContext {
  mail: MailContext;
}

type PasswordOutcome =
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

type BrowserContext = { deviceToken?: string | null; mail: MailContext };

/** A passkey alone, from /login (no email typed): the account it belongs to is signed in. */
export async function signInWithPasskey(
  db: Db,
  responseJson: string,
  rp: RelyingParty,
  context: PasskeyContext & BrowserContext,
): Promise<{ account: Account; deviceToken: string }> {
  const account = await verifyPasskeySignIn(db, responseJson, rp, context);
  return { account, deviceToken: await admitBrowser(db, account, context, true) };
}

/** Whether /login/code offers a passkey: the account waiting for its code has one. */
export async function pendingSignInTakesPasskey(db: Db, pendingToken: string | null, now: Date): Promise<boolean> {
  const pending = await pendingAccountOf(db, pendingToken, now);
  return pending !== null && (await hasPasskey(db, pending.id));
}

/** Options to finish a pending sign-in with one of its account's passkeys. */
export async function startPasskeySecondStep(
  db: Db,
  pendingToken: string | null,
  rp: RelyingParty,
  context: PasskeyContext,
) {
  const pending = await pendingAccountOf(db, pendingToken, context.now);
  if (!pending) throw new ValidationError({ response: PENDING_EXPIRED }, PENDING_EXPIRED);
  return startPasskeySignIn(db, rp, context, pending.id);
}

/** A passkey of the account whose password was just given, instead of its code: finishes that pending sign-in. */
export async function signInWithPasskeyAsSecondStep(
  db: Db,
  pendingToken: string | null,
  responseJson: string,
  rp: RelyingParty,
  context: PasskeyContext & BrowserContext,
): Promise<{ account: Account; deviceToken: string }> {
  const pending = await pendingAccountOf(db, pendingToken, context.now);
  if (!pendingToken || !pending) throw new ValidationError({ response: PENDING_EXPIRED }, PENDING_EXPIRED);
  const account = await verifyPasskeySignIn(db, responseJson, rp, { ...context, secondStepOf: pending.id });
  await endPendingSignIn(db, pendingToken);
  return { account, deviceToken: await admitBrowser(db, account, context, true) };
}

/**
 * Makes this browser known to the account (a fresh token); mails the person if
 * it was new and they signed in with more than a password (a code or a passkey).
 */
async function admitBrowser(
  db: Db,
  account: Account,
  context: { now: Date; deviceToken?: string | null; mail: MailContext },
  strongSignIn: boolean,
): Promise<string> {
  const known = await knownDeviceOf(db, account.email, context.deviceToken ?? null, context.now);
  const token = await rememberDevice(db, account.id, context.deviceToken ?? null, context.now);
  if (!known && strongSignIn) {
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
