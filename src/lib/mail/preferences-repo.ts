// SQL for per-account mail choices (no row means on) and who gets a kind of mail.
// preferences.ts holds the rules (the defaults, which kinds an account is offered).
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { MailPreference } from './kinds.ts';

type Reader = Pick<Db, 'selectFrom'>;

export async function findMailPreferenceRows(db: Reader, userId: string) {
  return db.selectFrom('mail_preferences').select(['kind', 'enabled']).where('user_id', '=', userId).execute();
}

export async function setMailPreference(
  db: Pick<Db, 'insertInto'>,
  userId: string,
  kind: MailPreference,
  enabled: boolean,
): Promise<void> {
  await db
    .insertInto('mail_preferences')
    .values({ user_id: userId, kind, enabled })
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ enabled }))
    .execute();
}

export interface MailRecipient {
  id: string;
  email: string;
  name: string;
}

/**
 * Of these accounts, those who get mail of this kind now: a verified address
 * and the kind not turned off.
 */
export async function findMailRecipients(
  db: Reader,
  userIds: string[],
  kind: MailPreference,
): Promise<MailRecipient[]> {
  if (userIds.length === 0) return [];
  return selectMailable(db, kind).where('id', 'in', userIds).execute();
}

/** Every account that gets this kind (the reminder and the digest), in id order. */
export function selectSubscribers(db: Reader, kind: MailPreference) {
  return selectMailable(db, kind).orderBy('id');
}

/** Accounts with a confirmed address that have not turned this kind off. */
function selectMailable(db: Reader, kind: MailPreference) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('email_verified_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('mail_preferences')
            .select(sql`1`.as('one'))
            .whereRef('mail_preferences.user_id', '=', 'users.id')
            .where('mail_preferences.kind', '=', kind)
            .where('mail_preferences.enabled', '=', false),
        ),
      ),
    );
}

/** The account's address, to show (masked) on the unsubscribe page; undefined when the account is gone. */
export async function findAccountEmail(db: Reader, userId: string) {
  return db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
}
