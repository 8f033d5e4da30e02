// Per-account choices of mail, stored only when changed: no row means on.
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { AUTHOR_ONLY, MAIL_PREFERENCES, type MailPreference } from './kinds.ts';

type Reader = Pick<Db, 'selectFrom'>;

export type MailPreferences = Record<MailPreference, boolean>;

export async function getMailPreferences(db: Reader, userId: string): Promise<MailPreferences> {
  const rows = await db
    .selectFrom('mail_preferences')
    .select(['kind', 'enabled'])
    .where('user_id', '=', userId)
    .execute();
  const stored = new Map(rows.map((r) => [r.kind, r.enabled]));
  return Object.fromEntries(MAIL_PREFERENCES.map((k) => [k, stored.get(k) ?? true])) as MailPreferences;
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

/** Saves the account page's checkboxes: every kind offered to this person, ticked or not. */
export async function saveMailPreferences(
  db: Db,
  userId: string,
  isAuthor: boolean,
  ticked: ReadonlySet<string>,
): Promise<void> {
  const kinds = MAIL_PREFERENCES.filter((k) => isAuthor || !AUTHOR_ONLY.includes(k));
  await db.transaction().execute(async (trx) => {
    for (const kind of kinds) await setMailPreference(trx, userId, kind, ticked.has(kind));
  });
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
