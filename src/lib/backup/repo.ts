// What a restore asks of the target PostgreSQL database: SQL only (the rest is in backup.ts).
import { sql } from 'kysely';
import type { Db } from '../db.ts';

/** How many tables the public schema holds. */
export async function countPublicTables(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_tables where schemaname = 'public'`.execute(db);
  return rows[0]!.n;
}

/** Drops every table of the public schema (a forced restore starts from nothing). */
export async function emptyPublicSchema(db: Db): Promise<void> {
  await sql`drop schema public cascade`.execute(db);
  await sql`create schema public`.execute(db);
}
