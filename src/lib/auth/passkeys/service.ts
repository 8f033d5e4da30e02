// Passkeys (issue 29, item 5): WebAuthn credentials through @simplewebauthn/server.
// A passkey is both factors (something held, unlocked by the person's PIN or
// fingerprint: user verification is required), so it signs in alone, from
// /login without an email (a discoverable credential), or stands in for the
// TOTP code at the second step. Each ceremony's challenge is kept in the
// database (several processes serve one), used once, and expires after
// CHALLENGE_MINUTES. The relying party is SITE_URL: its host is the RP ID and
// its origin the only origin accepted.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { z } from 'astro/zod';
import type { PasskeyPurpose } from '../../../../db/schema.ts';
import type { Db } from '../../db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { forgetHits, takeHit, type LimitRule } from '../../ratelimit/ratelimit.ts';
import type { Account, CheckContext } from '../users.ts';
import { checkOwnPassword } from '../users.ts';
import {
  countPasskeysOf,
  deletePasskeyOf,
  insertChallenge,
  insertPasskey,
  recordUse,
  selectPasskeysOf,
  selectPasskeyWithAccount,
  takeChallenge,
} from './repo.ts';

const CHALLENGE_MINUTES = 5;
/**
 * EdDSA, ES256, RS256 (COSE ids): what every passkey maker offers. Fixed here
 * rather than the library's default, which probes the runtime for post-quantum
 * ones (an experimental Node API that warns in the log on every process).
 */
const ALGORITHMS = [-8, -7, -257];
/** Like a password sign-in's per-address limit (users.ts): tries counted before they are checked. */
const TRIES_PER_IP: LimitRule[] = [{ limit: 20, windowSeconds: 15 * 60 }];
/** Asking for a challenge writes a row: an address may ask often, not endlessly. */
const CHALLENGES_PER_IP: LimitRule[] = [{ limit: 60, windowSeconds: 15 * 60 }];

export interface RelyingParty {
  /** The site's host name (the RP ID a credential is bound to). */
  id: string;
  /** The site's origin: the only one whose answers are accepted. */
  origin: string;
  /** The name a browser shows in its prompt. */
  name: string;
}

export interface PasskeyContext {
  ip: string | null;
  now: Date;
  rateLimitFactor?: number;
}

export function relyingPartyOf(siteUrl: string, siteName: string): RelyingParty {
  const url = new URL(siteUrl);
  return { id: url.hostname, origin: url.origin, name: siteName };
}

interface PasskeyListing {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function listPasskeys(db: Db, userId: string): Promise<PasskeyListing[]> {
  const rows = await selectPasskeysOf(db, userId);
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function hasPasskey(db: Db, userId: string): Promise<boolean> {
  return (await countPasskeysOf(db, userId)) > 0;
}

async function limitChallenges(db: Db, context: PasskeyContext): Promise<void> {
  if (!context.ip) return;
  await takeHit(
    db,
    [{ bucket: `passkey-challenge:ip:${context.ip}`, rules: CHALLENGES_PER_IP }],
    context.now,
    context.rateLimitFactor ?? 1,
  );
}

async function keepChallenge(
  db: Db,
  challenge: string,
  purpose: PasskeyPurpose,
  userId: string | null,
  now: Date,
): Promise<void> {
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
  await insertChallenge(db, { challenge, purpose, userId, expiresAt }, now);
}

const transportsOf = (stored: string) => (stored ? (stored.split(',') as AuthenticatorTransport[]) : undefined);

/** What the browser needs to create a passkey for this person (a discoverable one, verified by PIN or biometrics). */
export async function startAddingPasskey(
  db: Db,
  account: { id: string; email: string; name: string },
  rp: RelyingParty,
  context: PasskeyContext,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  await limitChallenges(db, context);
  const existing = await selectPasskeysOf(db, account.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: account.email,
    userDisplayName: account.name,
    // The account's id is the user handle a sign-in without an email gives back.
    userID: new TextEncoder().encode(account.id),
    timeout: CHALLENGE_MINUTES * 60_000,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: transportsOf(p.transports) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
  await keepChallenge(db, options.challenge, 'register', account.id, context.now);
  return options;
}

const clientDataShape = z.object({ challenge: z.string().min(1).max(512) });
const answerShape = z.looseObject({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string().min(1).max(4096) }),
});

const UNREADABLE = 'Your browser’s passkey answer could not be read. Please try again.';
const EXPIRED = 'This passkey request has expired or was used already. Please try again.';

/** The answer's JSON and the challenge it signed (checked against the database by the caller). */
function readAnswer(json: string): { answer: z.infer<typeof answerShape>; challenge: string } {
  try {
    const answer = answerShape.parse(JSON.parse(json));
    const clientData = clientDataShape.parse(
      JSON.parse(Buffer.from(answer.response.clientDataJSON, 'base64url').toString('utf8')),
    );
    return { answer, challenge: clientData.challenge };
  } catch {
    throw new ValidationError({ response: UNREADABLE }, UNREADABLE);
  }
}

/** Stores the passkey the browser created, after checking it answers this person's live challenge. */
export async function finishAddingPasskey(
  db: Db,
  userId: string,
  input: { name: string; response: string },
  rp: RelyingParty,
  now: Date,
): Promise<void> {
  const { answer, challenge } = readAnswer(input.response);
  const taken = await takeChallenge(db, challenge, 'register', now);
  if (!taken || taken.user_id !== userId) throw new ValidationError({ response: EXPIRED }, EXPIRED);
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: answer as unknown as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch {
    const refused = 'Your browser’s passkey could not be checked, so it was not added. Please try again.';
    throw new ValidationError({ response: refused }, refused);
  }
  if (!verified.verified) throw new ValidationError({ response: UNREADABLE }, UNREADABLE);
  const { credential } = verified.registrationInfo;
  const added = await insertPasskey(
    db,
    {
      id: credential.id,
      userId,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: input.name,
    },
    now,
  );
  if (!added) throw new ConflictError('That passkey was added already.');
}

/** Removes one of this person's passkeys, after their password (like other changes to how they sign in). */
export async function removePasskey(
  db: Db,
  userId: string,
  input: { id: string; currentPassword: string },
  context: CheckContext,
): Promise<void> {
  await checkOwnPassword(db, userId, input.currentPassword, context);
  if (!(await deletePasskeyOf(db, userId, input.id))) throw new NotFoundError('That passkey is not one of yours.');
}

/**
 * What the browser needs to sign in with a passkey: without an account (the
 * person picks one of this site's passkeys), or for the account whose password
 * was just given (the second step; only its passkeys are offered).
 */
export async function startPasskeySignIn(
  db: Db,
  rp: RelyingParty,
  context: PasskeyContext,
  secondStepOf: string | null = null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  await limitChallenges(db, context);
  const allowed = secondStepOf ? await selectPasskeysOf(db, secondStepOf) : [];
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    timeout: CHALLENGE_MINUTES * 60_000,
    userVerification: 'required',
    allowCredentials: allowed.map((p) => ({ id: p.id, transports: transportsOf(p.transports) })),
  });
  await keepChallenge(db, options.challenge, secondStepOf ? 'second-step' : 'sign-in', secondStepOf, context.now);
  return options;
}

const UNKNOWN = 'This passkey is not known here: it may have been removed. Log in with your password instead.';
const NOT_THIS_ACCOUNT = 'That passkey belongs to another account. Use a passkey of the account you are signing in to.';
const COUNTER_WENT_BACK =
  'This passkey answered with an old signature count, as a copied passkey would. It was refused; log in with your password and remove it if you do not recognise this.';
const NOT_CHECKED = 'That passkey could not be checked. Please try again, or log in with your password.';

/**
 * Checks a passkey sign-in: a live challenge of this kind (used up here), a
 * known credential (of the pending account at the second step), its signature
 * and a counter that moved forward. Counted per address before the check, as
 * a password is; the try is taken back when it succeeds. Nothing changes when
 * it is refused.
 */
export async function verifyPasskeySignIn(
  db: Db,
  responseJson: string,
  rp: RelyingParty,
  context: PasskeyContext & { secondStepOf?: string | null },
): Promise<Account> {
  const attempt = context.ip
    ? await takeHit(
        db,
        [{ bucket: `passkey-fail:ip:${context.ip}`, rules: TRIES_PER_IP }],
        context.now,
        context.rateLimitFactor ?? 1,
      )
    : [];
  const { answer, challenge } = readAnswer(responseJson);
  const secondStepOf = context.secondStepOf ?? null;
  const stored = await selectPasskeyWithAccount(db, answer.id);
  if (!stored) throw new ValidationError({ response: UNKNOWN }, UNKNOWN);
  if (secondStepOf && stored.id !== secondStepOf)
    throw new ValidationError({ response: NOT_THIS_ACCOUNT }, NOT_THIS_ACCOUNT);
  const taken = await takeChallenge(db, challenge, secondStepOf ? 'second-step' : 'sign-in', context.now);
  if (!taken || (secondStepOf && taken.user_id !== secondStepOf))
    throw new ValidationError({ response: EXPIRED }, EXPIRED);
  const storedCounter = Number(stored.counter);
  let newCounter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response: answer as unknown as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: stored.passkey_id,
        publicKey: new Uint8Array(Buffer.from(stored.public_key, 'base64url')),
        counter: storedCounter,
        transports: transportsOf(stored.transports),
      },
    });
    if (!verified.verified) throw new Error('not verified');
    newCounter = verified.authenticationInfo.newCounter;
  } catch (error) {
    const message = error instanceof Error && /counter/i.test(error.message) ? COUNTER_WENT_BACK : NOT_CHECKED;
    throw new ValidationError({ response: message }, message);
  }
  // The account's handle in the answer, when the authenticator gives one, must be the credential's account.
  const userHandle = (answer.response as { userHandle?: unknown }).userHandle;
  if (typeof userHandle === 'string' && Buffer.from(userHandle, 'base64url').toString('utf8') !== stored.id) {
    throw new ValidationError({ response: NOT_CHECKED }, NOT_CHECKED);
  }
  if (!(await recordUse(db, stored.passkey_id, storedCounter, newCounter, context.now))) {
    throw new ValidationError({ response: COUNTER_WENT_BACK }, COUNTER_WENT_BACK);
  }
  await forgetHits(db, attempt);
  return { id: stored.id, email: stored.email, name: stored.name, role: stored.role };
}
