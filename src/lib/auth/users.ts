// Accounts: sign-up, credential checks with throttling, authors.
import type { NewUser, Role } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { handleCandidates } from '../people/handle.ts';
import { clearBucket, forgetHits, takeHit, type LimitRule } from '../ratelimit/ratelimit.ts';
import { knownDeviceOf, rememberDevice } from './known-devices.ts';
import { endResetLinks } from './email-links.ts';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './password.ts';
import type { LogInInput, SignUpInput } from './input.ts';
import { deleteSessionsOf } from './sessions-repo.ts';
import {
  findAnyAuthor,
  findCredentialsByEmail,
  findPasswordHash,
  findTakenHandles,
  insertAccount,
  setEmailVerifiedAt,
  setPasswordHash,
  setPasswordHashByEmail,
} from './users-repo.ts';

export interface Account {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const FAILURES_PER_ACCOUNT: LimitRule[] = [{ limit: 5, windowSeconds: 15 * 60 }];
const FAILURES_PER_DEVICE: LimitRule[] = [{ limit: 5, windowSeconds: 15 * 60 }];
const FAILURES_PER_IP: LimitRule[] = [{ limit: 20, windowSeconds: 15 * 60 }];

/** The first handle made from the name that no account uses yet (/people/<handle>), or null. */
export async function pickFreeHandle(db: Db, name: string): Promise<string | null> {
  const candidates = handleCandidates(name);
  const taken = await findTakenHandles(db, candidates);
  const used = new Set(taken.map((r) => r.handle));
  return candidates.find((c) => !used.has(c)) ?? null;
}

export async function createAccount(db: Db, input: SignUpInput, role: Role = 'reader'): Promise<Account> {
  const passwordHash = await hashPassword(input.password);
  const values: NewUser = { email: input.email, name: input.name, password_hash: passwordHash, role };
  // A handle made from the name (/people/<handle>); the column's default gives one if none is free.
  const handle = await pickFreeHandle(db, input.name);
  let row;
  try {
    row = await insertAccount(db, handle ? { ...values, handle } : values);
  } catch (error) {
    // Someone took that handle a moment ago: the default one will do, and can be changed later.
    if ((error as { code?: unknown }).code !== '23505') throw error;
    row = await insertAccount(db, values);
  }
  if (!row) {
    throw new ConflictError('That email already has an account.', {
      email: 'That email already has an account. Log in instead?',
    });
  }
  return row;
}

export async function hasAuthor(db: Db): Promise<boolean> {
  const row = await findAnyAuthor(db);
  return row !== undefined;
}

export interface LogInContext {
  ip: string | null;
  now: Date;
  rateLimitFactor?: number;
  /** The browser's known-device token (src/lib/auth/known-devices.ts), if it sent one. */
  deviceToken?: string | null;
}

/**
 * Checks an email and password. Attempts are counted per IP and, from a
 * browser the account does not know, per account; from a browser that has
 * logged in to this account before, per browser instead, so a stranger's
 * guesses never lock the owner out. Counts live in the database (shared by all
 * processes); too many → RateLimitedError. Each attempt is counted atomically
 * *before* the password is checked, so requests sent all at once cannot all
 * pass the check while the slow hash runs; a successful attempt is then taken
 * back (and clears the bucket it was counted in).
 */
export async function verifyCredentials(db: Db, input: LogInInput, context: LogInContext): Promise<Account> {
  const device = await knownDeviceOf(db, input.email, context.deviceToken ?? null, context.now);
  const ownBucket = device
    ? { bucket: `login-fail:device:${device}`, rules: FAILURES_PER_DEVICE }
    : { bucket: `login-fail:account:${input.email}`, rules: FAILURES_PER_ACCOUNT };
  const buckets = [
    ownBucket,
    ...(context.ip ? [{ bucket: `login-fail:ip:${context.ip}`, rules: FAILURES_PER_IP }] : []),
  ];
  const attempt = await takeHit(db, buckets, context.now, context.rateLimitFactor ?? 1);

  const row = await findCredentialsByEmail(db, input.email);
  const ok = row ? await verifyPassword(row.password_hash, input.password) : await verifyAgainstNothing(input.password);
  if (!row || !ok) throw new ValidationError({ password: 'That email and password do not match an account.' });
  // People who share an address must not use up its allowance by logging in.
  await forgetHits(db, attempt);
  // A stranger's count against the account stays when its owner logs in from a known browser.
  await clearBucket(db, ownBucket.bucket);
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

/**
 * Logs in (verifyCredentials) and makes this browser known to the account:
 * the caller sets the returned token as the browser's known-device cookie.
 */
export async function logIn(
  db: Db,
  input: LogInInput,
  context: LogInContext,
): Promise<{ account: Account; deviceToken: string }> {
  const account = await verifyCredentials(db, input, context);
  const deviceToken = await rememberDevice(db, account.id, context.deviceToken ?? null, context.now);
  return { account, deviceToken };
}

const CHECKS_PER_ACCOUNT: LimitRule[] = [{ limit: 5, windowSeconds: 15 * 60 }];

export interface CheckContext {
  ip: string | null;
  now: Date;
  rateLimitFactor?: number;
}

/**
 * Checks a signed-in person's own password (to change it or the email),
 * throttled like log-in: each attempt is recorded before the check, atomically,
 * so parallel guesses cannot slip past the limit; a success clears the count.
 */
export async function checkOwnPassword(db: Db, userId: string, password: string, context: CheckContext) {
  const bucket = `password-check:user:${userId}`;
  const buckets = [{ bucket, rules: CHECKS_PER_ACCOUNT }];
  if (context.ip) buckets.push({ bucket: `password-check:ip:${context.ip}`, rules: FAILURES_PER_IP });
  await takeHit(db, buckets, context.now, context.rateLimitFactor ?? 1);
  const row = await findPasswordHash(db, userId);
  if (!row || !(await verifyPassword(row.password_hash, password))) {
    throw new ValidationError({ current_password: 'That is not your current password.' });
  }
  await clearBucket(db, bucket);
}

/**
 * Checks the current password (throttled), then stores the new one; every reset
 * link of the account stops working. The caller ends the person's sessions.
 */
export async function changePassword(
  db: Db,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  context: CheckContext,
): Promise<void> {
  await checkOwnPassword(db, userId, input.currentPassword, context);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, userId, passwordHash);
    await endResetLinks(trx, userId, context.now);
  });
}

/** The shell's password reset (npm run reset-password): sets it and ends every session and reset link of the account. */
export async function setPasswordByEmail(db: Db, email: string, password: string, now: Date): Promise<Account | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const row = await setPasswordHashByEmail(trx, email, passwordHash);
    if (!row) return null;
    await deleteSessionsOf(trx, row.id);
    await endResetLinks(trx, row.id, now);
    return row;
  });
}

export async function markEmailVerified(db: Db, userId: string, now: Date): Promise<void> {
  await setEmailVerifiedAt(db, userId, now);
}
