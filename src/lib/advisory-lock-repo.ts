// PostgreSQL session advisory locks (db.ts's withStartupLock): SQL only. Both calls must run on
// the same connection, which holds the lock until it is released or the connection closes.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

// Not db.ts's Db: db.ts imports this file, and the import graph has no cycles.
type Db = Kysely<Database>;

export async function takeSessionAdvisoryLock(connection: Db, key: number): Promise<void> {
  await sql`select pg_advisory_lock(${key})`.execute(connection);
}

export async function releaseSessionAdvisoryLock(connection: Db, key: number): Promise<void> {
  await sql`select pg_advisory_unlock(${key})`.execute(connection);
}
