// Sign-up and the password-reset request answer alike whether or not the email
// has an account ("check your inbox"), so neither tells who is registered.
// Both are limited per IP in the database; the mail tells the truth instead.
import type { Db } from '../db.ts';
import { limitStrangerMail, mayMailStranger, type MailContext } from '../mail/door.ts';
import { RateLimitedError } from '../errors.ts';
import { takeHit, type LimitRule } from '../ratelimit/ratelimit.ts';
import { sendAccountExists, sendPasswordReset, sendVerification } from './email-links.ts';
import type { SignUpInput } from './input.ts';
import { hashPassword } from './password.ts';
import { pickFreeHandle } from './users.ts';
import { findMailableAccountByEmail, findMailableAccountById, insertSignedUpAccount } from './users-repo.ts';

/** A unique violation on the handle (two sign-ups with one name at once), not on the email. */
function isHandleTaken(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  return e.code === '23505' && String(e.constraint ?? e.message).includes('handle');
}

const SIGNUPS_PER_IP: LimitRule[] = [
  { limit: 5, windowSeconds: 3600 },
  { limit: 20, windowSeconds: 86_400 },
];
const RESETS_PER_IP: LimitRule[] = [{ limit: 10, windowSeconds: 3600 }];
/** Mails about one address (reset links, "you already have an account"), whoever asks. */
const MAILS_PER_ADDRESS: LimitRule[] = [{ limit: 3, windowSeconds: 3600 }];

export interface RequestContext {
  ip: string | null;
  now: Date;
  rateLimitFactor?: number;
  mail: MailContext;
}

async function limitIp(db: Db, prefix: string, rules: LimitRule[], context: RequestContext): Promise<void> {
  if (!context.ip) return;
  await takeHit(db, [{ bucket: `${prefix}:ip:${context.ip}`, rules }], context.now, context.rateLimitFactor ?? 1);
}

/**
 * True if one more mail about this address is allowed; a refusal is silent (the
 * answer must not change). An address never confirmed may be a stranger's, typed
 * by whoever signed up with it: it also counts against its daily share of such mail.
 */
async function mayMailAddress(
  db: Db,
  account: { email: string; email_verified_at: Date | null },
  context: RequestContext,
): Promise<boolean> {
  try {
    await takeHit(db, [{ bucket: `mail:address:${account.email}`, rules: MAILS_PER_ADDRESS }], context.now);
    if (!account.email_verified_at) await limitStrangerMail(db, account.email, context.now);
    return true;
  } catch (error) {
    if (error instanceof RateLimitedError) return false;
    throw error;
  }
}

/**
 * Creates the account and mails a verification link; for an email that already
 * has an account, mails that address a reset link instead. Returns the new
 * account's id or null, which the caller must not reveal.
 */
export async function signUp(db: Db, input: SignUpInput, context: RequestContext): Promise<string | null> {
  await limitIp(db, 'signup', SIGNUPS_PER_IP, context);
  // Hashed in both cases, so the time taken does not tell either.
  const passwordHash = await hashPassword(input.password);
  const create = (handle: string | null) =>
    db.transaction().execute(async (trx) => {
      const values = { email: input.email, name: input.name, password_hash: passwordHash, role: 'reader' as const };
      // The profile's address comes from the name ("krista", "krista-2"…); the column's default only if none is free.
      const row = await insertSignedUpAccount(trx, handle ? { ...values, handle } : values);
      // The first mail to a new address counts against its daily share too (a refusal is silent: "Send again" later).
      if (row && (await mayMailStranger(trx, input.email, context.now)) !== null) {
        await sendVerification(trx, row, input.email, context.now, context.mail);
      }
      return row ?? null;
    });
  let created;
  try {
    created = await create(await pickFreeHandle(db, input.name));
  } catch (error) {
    // Someone took that handle a moment ago: the next free one.
    if (!isHandleTaken(error)) throw error;
    created = await create(await pickFreeHandle(db, input.name));
  }
  if (created) return created.id;
  const existing = await findMailableAccountByEmail(db, input.email);
  if (existing && (await mayMailAddress(db, existing, context))) {
    await sendAccountExists(db, existing, context.now, context.mail);
  }
  return null;
}

/** "If an account exists, a link is on its way": mails a one-hour reset link to an existing account only. */
export async function requestPasswordReset(db: Db, email: string, context: RequestContext): Promise<void> {
  await limitIp(db, 'reset', RESETS_PER_IP, context);
  const user = await findMailableAccountByEmail(db, email);
  if (user && (await mayMailAddress(db, user, context))) {
    await sendPasswordReset(db, user, context.now, context.mail);
  }
}

/** The account page's "send the link again" (also for accounts made before email verification existed). */
export async function resendVerification(db: Db, userId: string, context: RequestContext): Promise<void> {
  const user = await findMailableAccountById(db, userId);
  if (!user || user.email_verified_at) return;
  await takeHit(db, [{ bucket: `mail:address:${user.email}`, rules: MAILS_PER_ADDRESS }], context.now);
  await limitStrangerMail(db, user.email, context.now);
  await sendVerification(db, user, user.email, context.now, context.mail);
}
