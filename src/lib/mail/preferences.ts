// Per-account choices of mail, stored only when changed: no row means on.
import type { Db } from '../db.ts';
import { AUTHOR_ONLY, MAIL_PREFERENCES, type MailPreference } from './kinds.ts';
import { findMailPreferenceRows, setMailPreference } from './preferences-repo.ts';

type Reader = Pick<Db, 'selectFrom'>;

type MailPreferences = Record<MailPreference, boolean>;

export async function getMailPreferences(db: Reader, userId: string): Promise<MailPreferences> {
  const rows = await findMailPreferenceRows(db, userId);
  const stored = new Map(rows.map((r) => [r.kind, r.enabled]));
  return Object.fromEntries(MAIL_PREFERENCES.map((k) => [k, stored.get(k) ?? true])) as MailPreferences;
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
