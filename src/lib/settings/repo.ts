// Settings rows (a JSON value by key): SQL only. settings.ts and ritual.ts name the keys and
// fall back to defaults.
import type { Db } from '../db.ts';

/** Every stored setting. */
export async function listStoredSettings(db: Db): Promise<{ key: string; value: unknown }[]> {
  return db.selectFrom('settings').select(['key', 'value']).execute();
}

/** The stored settings among `keys`. */
export async function listStoredSettingsIn(db: Db, keys: string[]): Promise<{ key: string; value: unknown }[]> {
  return db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
}

/** One stored setting's value (any transaction will do), or undefined when unset. */
export async function findStoredSettingValue(
  db: Pick<Db, 'selectFrom'>,
  key: string,
): Promise<{ value: unknown } | undefined> {
  return db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
}

/** Whether a row for `key` exists. */
export async function findStoredSettingKey(db: Db, key: string): Promise<{ key: string } | undefined> {
  return db.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst();
}

/** Stores each value (already JSON text) under its key, replacing what was there. */
export async function upsertSettingValues(db: Db, values: { key: string; value: string }[]): Promise<void> {
  await db
    .insertInto('settings')
    .values(values)
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
}
