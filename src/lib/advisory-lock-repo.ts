// PostgreSQL session advisory locks (db.ts's withStartupLock): SQL only. Both calls must run on
// the same connection, which holds the lock until it is released or the connection closes.
import { sql } from 'kysely';
import type { Db } from './db.ts';

export async function takeSessionAdvisoryLock(connection: Db, key: number): Promise<void> {
  await sql`select pg_advisory_lock(${key})`.execute(connection);
}

export async function releaseSessionAdvisoryLock(connection: Db, key: number): Promise<void> {
  await sql`select pg_advisory_unlock(${key})`.execute(connection);
}
