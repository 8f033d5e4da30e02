// Accounts in the users table: SQL only (the rules are in users.ts, signup.ts, email-links.ts,
// change-email.ts and moderators.ts).
import type { NewUser, Role } from '../../../db/schema.ts';
import type { Db } from '../db.ts';

/** Which of these handles accounts use already. */
export async function findTakenHandles(db: Db, candidates: string[]): Promise<{ handle: string }[]> {
  return db.selectFrom('users').select('handle').where('handle', 'in', candidates).execute();
}

/** Inserts an account; undefined when the email has one already. */
export function insertAccount(db: Db, values: NewUser) {
  return db
    .insertInto('users')
    .values(values)
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(['id', 'email', 'name', 'role'])
    .executeTakeFirst();
}

/** Inserts a sign-up's account, returning what its verification mail needs; undefined when the email has one. */
export function insertSignedUpAccount(db: Db, values: NewUser) {
  return db
    .insertInto('users')
    .values(values)
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(['id', 'name'])
    .executeTakeFirst();
}

/** Some author's id, or undefined before the site has one. */
export function findAnyAuthor(db: Db) {
  return db.selectFrom('users').select('id').where('role', '=', 'author').limit(1).executeTakeFirst();
}

/** What a log-in checks the password against. */
export function findCredentialsByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
}

export function findPasswordHash(db: Db, userId: string) {
  return db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** Sets the password of the account with this email; undefined when there is none. */
export function setPasswordHashByEmail(db: Db, email: string, passwordHash: string) {
  return db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('email', '=', email)
    .returning(['id', 'email', 'name', 'role'])
    .executeTakeFirst();
}

/** Sets the password of the account, returning whether its email is verified yet; undefined when it is gone. */
export function setPasswordHashReturningEmail(db: Db, userId: string, passwordHash: string) {
  return db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .returning(['id', 'email', 'email_verified_at'])
    .executeTakeFirst();
}

export async function setEmailVerifiedAt(db: Db, userId: string, now: Date): Promise<void> {
  await db.updateTable('users').set({ email_verified_at: now }).where('id', '=', userId).execute();
}

/** The account's email becomes `email`, verified `now`. */
export async function setVerifiedEmail(db: Db, userId: string, email: string, now: Date): Promise<void> {
  await db.updateTable('users').set({ email, email_verified_at: now }).where('id', '=', userId).execute();
}

export async function setPasswordChangedAt(db: Pick<Db, 'updateTable'>, userId: string, now: Date): Promise<void> {
  await db.updateTable('users').set({ password_changed_at: now }).where('id', '=', userId).execute();
}

/** Another account than `exceptUserId` with this email, if any. */
export function findOtherAccountWithEmail(db: Db, email: string, exceptUserId: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .where('id', '!=', exceptUserId)
    .executeTakeFirst();
}

export function findNameAndEmail(db: Db, userId: string) {
  return db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirst();
}

export function findEmailAndVerifiedAt(db: Db, userId: string) {
  return db.selectFrom('users').select(['email', 'email_verified_at']).where('id', '=', userId).executeTakeFirst();
}

/** What a mail to the account needs, found by email. */
export function findMailableAccountByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'email_verified_at'])
    .where('email', '=', email)
    .executeTakeFirst();
}

/** What a mail to the account needs, found by id. */
export function findMailableAccountById(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'email_verified_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export function findRoleByEmail(db: Db, email: string) {
  return db.selectFrom('users').select('role').where('email', '=', email).executeTakeFirst();
}

export function findEmailAndRole(db: Db, userId: string) {
  return db.selectFrom('users').select(['email', 'role']).where('id', '=', userId).executeTakeFirst();
}

export async function setRole(db: Db, userId: string, role: Role): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

/** A moderator becomes a reader; undefined when the account is no moderator. */
export function demoteModerator(db: Db, userId: string) {
  return db
    .updateTable('users')
    .set({ role: 'reader' })
    .where('id', '=', userId)
    .where('role', '=', 'moderator')
    .returning(['id', 'email'])
    .executeTakeFirst();
}

export function listModeratorAccounts(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('role', '=', 'moderator')
    .orderBy('name')
    .execute();
}
