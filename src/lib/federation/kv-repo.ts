// Fedify's key–value store (remote documents, public keys, activity
// idempotence) in our database, so that every process shares it: PostgreSQL
// or PGlite alike. Keys are text arrays, values JSON; an entry past its
// expiry reads as absent and is swept by `pruneExpired`.
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from '@fedify/fedify';
import { sql } from 'kysely';
import type { Db } from '../db.ts';

type Clock = () => Date;

function expiryOf(now: Date, options: KvStoreSetOptions | undefined): Date | null {
  if (!options?.ttl) return null;
  return new Date(now.getTime() + options.ttl.total({ unit: 'millisecond' }));
}

/** A value as a jsonb parameter: always the JSON text, since pg would send a JS array as a Postgres array. */
function json(value: unknown): string {
  return JSON.stringify(value);
}

/** A key as one text[] parameter (Kysely would read a bare array as a list of values). */
function keyParam(key: KvKey) {
  return sql<string[]>`${sql.val([...key])}::text[]`;
}

export class DbKvStore implements KvStore {
  readonly #db: Db;
  readonly #now: Clock;

  constructor(db: Db, now: Clock) {
    this.#db = db;
    this.#now = now;
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = await this.#db
      .selectFrom('fediverse_kv')
      .select('value')
      .where('key', '=', keyParam(key))
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', this.#now())]))
      .executeTakeFirst();
    return row?.value as T | undefined;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const expiresAt = expiryOf(this.#now(), options);
    await this.#db
      .insertInto('fediverse_kv')
      .values({ key: keyParam(key), value: json(value), expires_at: expiresAt })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value'), expires_at: expiresAt }),
      )
      .execute();
  }

  async delete(key: KvKey): Promise<void> {
    await this.#db.deleteFrom('fediverse_kv').where('key', '=', keyParam(key)).execute();
  }

  /**
   * Sets `key` to `newValue` only if it now holds `expectedValue` (undefined:
   * absent or expired), in one statement, so two processes never both win.
   * Values compare as jsonb does: by meaning, not by key order.
   */
  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const now = this.#now();
    const expiresAt = expiryOf(now, options);
    if (newValue === undefined) {
      if (expectedValue === undefined) return (await this.get(key)) === undefined;
      const deleted = await this.#db
        .deleteFrom('fediverse_kv')
        .where('key', '=', keyParam(key))
        .where(sql<boolean>`value = ${json(expectedValue)}::jsonb`)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirst();
      return deleted.numDeletedRows > 0n;
    }
    if (expectedValue === undefined) {
      const inserted = await this.#db
        .insertInto('fediverse_kv')
        .values({ key: keyParam(key), value: json(newValue), expires_at: expiresAt })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({ value: (eb) => eb.ref('excluded.value'), expires_at: expiresAt })
            .where('fediverse_kv.expires_at', '<=', now),
        )
        .returning('key')
        .executeTakeFirst();
      return inserted !== undefined;
    }
    const updated = await this.#db
      .updateTable('fediverse_kv')
      .set({ value: json(newValue), expires_at: expiresAt })
      .where('key', '=', keyParam(key))
      .where(sql<boolean>`value = ${json(expectedValue)}::jsonb`)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    let query = this.#db
      .selectFrom('fediverse_kv')
      .select(['key', 'value'])
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', this.#now())]));
    if (prefix) {
      const parts = [...prefix];
      query = query.where(sql<boolean>`key[1:${parts.length}] = ${parts}::text[]`);
    }
    const rows = await query.orderBy('key').execute();
    for (const row of rows) yield { key: row.key as unknown as KvKey, value: row.value };
  }
}

/** Drops entries past their expiry (reads already ignore them); returns how many. */
export async function pruneExpired(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('fediverse_kv').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
