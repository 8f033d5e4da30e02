// Two-step sign-in (issue 29, item 5): TOTP with ten single-use recovery codes.
// The secret is stored as it is (a TOTP check needs it in the clear; see
// docs/moderation.md, "Two-step sign-in") and shown only while it is being set up. A
// code of a time step already used is refused (replay); a recovery code works
// once. Between a correct password and the code, the sign-in waits in
// two_step_pending (a random id in a cookie, only its hash stored, 5 minutes).
import { randomInt } from 'node:crypto';
import { recordAudit } from '../../audit/audit.ts';
import type { Db } from '../../db.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { clearBucket, forgetHits, takeHit, type LimitRule } from '../../ratelimit/ratelimit.ts';
import { hashToken, newToken } from '../../tokens.ts';
import type { Account } from '../users.ts';
import {
  claimStep,
  countUnusedRecoveryCodes,
  deletePending,
  findUserByEmail,
  deleteTwoStep,
  insertPending,
  insertRecoveryCodes,
  selectPending,
  selectSecret,
  upsertUnconfirmedSecret,
  useRecoveryCode,
} from './repo.ts';
import { deleteSessionsOf } from '../sessions-repo.ts';
import { deleteAllPasskeysOf } from '../passkeys/repo.ts';
import { matchingStep, newTotpSecret, qrSvg, totpUri } from './totp.ts';

const RECOVERY_CODE_COUNT = 10;
export const PENDING_MINUTES = 5;
const CODE_TRIES_PER_ACCOUNT: LimitRule[] = [{ limit: 5, windowSeconds: 15 * 60 }];
const CODE_TRIES_PER_IP: LimitRule[] = [{ limit: 20, windowSeconds: 15 * 60 }];
/** No 0/o, 1/l/i: read off a sheet of paper. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export interface CodeContext {
  ip: string | null;
  now: Date;
  rateLimitFactor?: number;
}

type TwoStepState =
  | { status: 'off' }
  | { status: 'setting-up'; secret: string; uri: string; qrSvg: string }
  | { status: 'on'; since: Date; recoveryCodesLeft: number };

export async function isTwoStepOn(db: Db, userId: string): Promise<boolean> {
  const row = await selectSecret(db, userId);
  return Boolean(row?.confirmed_at);
}

/** What /account/two-step shows; the secret only while it is not yet confirmed. */
export async function readTwoStep(
  db: Db,
  userId: string,
  label: { account: string; issuer: string },
): Promise<TwoStepState> {
  const row = await selectSecret(db, userId);
  if (!row) return { status: 'off' };
  if (row.confirmed_at) {
    return { status: 'on', since: row.confirmed_at, recoveryCodesLeft: await countUnusedRecoveryCodes(db, userId) };
  }
  const uri = totpUri(row.secret, label.account, label.issuer);
  return { status: 'setting-up', secret: row.secret, uri, qrSvg: await qrSvg(uri) };
}

/** A new secret to set up (replacing an unconfirmed one); refused while two-step sign-in is on. */
export async function startTwoStepSetup(db: Db, userId: string, now: Date): Promise<void> {
  if (!(await upsertUnconfirmedSecret(db, userId, newTotpSecret(), now))) {
    throw new ConflictError('Two-step sign-in is already on.');
  }
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Counts a try at a code before it is checked (atomic, shared by every process), like log-in. */
async function countTry(db: Db, userId: string, context: CodeContext) {
  const bucket = `two-step:user:${userId}`;
  const buckets = [{ bucket, rules: CODE_TRIES_PER_ACCOUNT }];
  if (context.ip) buckets.push({ bucket: `two-step:ip:${context.ip}`, rules: CODE_TRIES_PER_IP });
  const hits = await takeHit(db, buckets, context.now, context.rateLimitFactor ?? 1);
  return async () => {
    await forgetHits(db, hits);
    await clearBucket(db, bucket);
  };
}

const WRONG_CODE = 'That code is not right, or was used already. Codes change every 30 seconds.';

/**
 * Turns two-step sign-in on with a current code of the secret being set up;
 * returns the ten recovery codes, which exist in plain text only in this answer.
 */
export async function confirmTwoStep(db: Db, userId: string, code: string, context: CodeContext): Promise<string[]> {
  const row = await selectSecret(db, userId);
  if (!row) throw new ValidationError({ code: 'Start again: turn on two-step sign-in first.' });
  if (row.confirmed_at) throw new ConflictError('Two-step sign-in is already on.');
  const succeeded = await countTry(db, userId, context);
  const step = matchingStep(row.secret, code.trim(), context.now);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const confirmed =
    step !== null &&
    (await db.transaction().execute(async (trx) => {
      if (!(await claimStep(trx, userId, step, context.now))) return false;
      await insertRecoveryCodes(
        trx,
        userId,
        codes.map((c) => hashToken(normaliseRecoveryCode(c))),
      );
      return true;
    }));
  if (!confirmed) throw new ValidationError({ code: WRONG_CODE });
  await succeeded();
  return codes;
}

/**
 * Checks a TOTP code (refusing a time step used before) or, failing that, a
 * recovery code (which then never works again). Counted before the check.
 */
async function checkSecondFactor(db: Db, userId: string, code: string, context: CodeContext): Promise<void> {
  const succeeded = await countTry(db, userId, context);
  const row = await selectSecret(db, userId);
  if (!row?.confirmed_at) throw new ValidationError({ code: WRONG_CODE });
  const typed = code.trim().replace(/\s/g, '');
  const step = matchingStep(row.secret, typed, context.now);
  const ok =
    step !== null
      ? await claimStep(db, userId, step, null)
      : await useRecoveryCode(db, userId, hashToken(normaliseRecoveryCode(typed)), context.now);
  if (!ok) throw new ValidationError({ code: WRONG_CODE });
  await succeeded();
}

/** Turns it off with a current code; the secret, the recovery codes and any pending sign-in go. */
export async function turnOffTwoStep(db: Db, userId: string, code: string, context: CodeContext): Promise<void> {
  const succeeded = await countTry(db, userId, context);
  const row = await selectSecret(db, userId);
  if (!row?.confirmed_at) {
    // Abandoning a set-up that was never confirmed needs no code.
    await deleteTwoStep(db, userId);
    return;
  }
  const step = matchingStep(row.secret, code.trim(), context.now);
  if (step === null || !(await claimStep(db, userId, step, null))) throw new ValidationError({ code: WRONG_CODE });
  await deleteTwoStep(db, userId);
  await succeeded();
}

/** After a correct password: the token of a pending sign-in (for the cookie), valid PENDING_MINUTES. */
export async function beginPendingSignIn(db: Db, userId: string, now: Date): Promise<string> {
  const token = newToken(32);
  await insertPending(db, hashToken(token), userId, now, new Date(now.getTime() + PENDING_MINUTES * 60_000));
  return token;
}

export async function pendingSignInExists(db: Db, token: string | null, now: Date): Promise<boolean> {
  return Boolean(token && (await selectPending(db, hashToken(token), now)));
}

/** The account a pending sign-in waits for (a passkey may finish it instead of a code), or null. */
export async function pendingAccountOf(db: Db, token: string | null, now: Date): Promise<Account | null> {
  return (token ? await selectPending(db, hashToken(token), now) : undefined) ?? null;
}

/** A pending sign-in finished another way (a passkey): its step is used up. */
export async function endPendingSignIn(db: Db, token: string): Promise<void> {
  await deletePending(db, hashToken(token));
}

/** Finishes a pending sign-in with a code: the account to sign in. The pending step is used up. */
export async function completePendingSignIn(
  db: Db,
  token: string | null,
  code: string,
  context: CodeContext,
): Promise<Account> {
  const pending = token ? await selectPending(db, hashToken(token), context.now) : undefined;
  if (!token || !pending) {
    const expired = 'This sign-in has expired (after 5 minutes). Please log in again.';
    throw new ValidationError({ code: expired }, expired);
  }
  await checkSecondFactor(db, pending.id, code, context);
  await deletePending(db, hashToken(token));
  return pending;
}

/**
 * The shell's reset (npm run reset-2fa), for a person who lost both their phone
 * and their recovery codes, or their passkeys: two-step sign-in goes off for the
 * account, its passkeys are removed, its sessions end, and the audit trail
 * records it. null when no account has the email.
 */
export async function resetTwoStepByEmail(
  db: Db,
  email: string,
  now: Date,
): Promise<{ account: Account; wasOn: boolean; passkeysRemoved: number } | null> {
  const account = await findUserByEmail(db, email);
  if (!account) return null;
  const was = await selectSecret(db, account.id);
  const passkeysRemoved = await db.transaction().execute(async (trx) => {
    await deleteTwoStep(trx, account.id);
    const removed = await deleteAllPasskeysOf(trx, account.id);
    await deleteSessionsOf(trx, account.id);
    return removed;
  });
  const twoStep = was?.confirmed_at ? 'two-step sign-in turned off' : 'two-step sign-in was not on';
  const keys = `${passkeysRemoved} passkey${passkeysRemoved === 1 ? '' : 's'} removed`;
  await recordAudit(
    db,
    { id: null, name: 'the server’s command line' },
    { action: 'two-step.reset', subject: `account ${account.email}`, detail: `${twoStep}; ${keys}` },
    { now, ip: null },
  );
  return { account, wasOn: Boolean(was?.confirmed_at), passkeysRemoved };
}
