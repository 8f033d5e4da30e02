// Every database test runs on PGlite and, when TEST_DATABASE_URL is set, on
// PostgreSQL too, each test file on a fresh database of its own.
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../db/migrator.ts';
import { createDb, type Db } from '../../src/lib/db.ts';

export type DbTarget = 'pglite' | 'postgres';

export const dbTargets: DbTarget[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * One database for browser tests whose subject is the markup, not the queries (axe, the HTML checker):
 * the same pages come out of either, and the queries are proven on both elsewhere. PostgreSQL when
 * there is one, since the server starts faster on it.
 */
export const markupTargets: DbTarget[] = dbTargets.slice(-1);

export interface TestDatabase {
  db: Db;
  /** postgres://… of the fresh database, or null on PGlite. */
  url: string | null;
  drop: () => Promise<void>;
}

function adminDb(url: string) {
  return new Kysely<unknown>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 }),
    }),
  });
}

/** Creates an empty database on the TEST_DATABASE_URL server; returns its URL and how to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `wishcast_test_${randomBytes(6).toString('hex')}`;
  const admin = adminDb(serverUrl);
  try {
    await sql`create database ${sql.id(name)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const dropper = adminDb(serverUrl);
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(dropper);
      } finally {
        await dropper.destroy();
      }
    },
  };
}

/** A fresh, migrated database on the given target. */
export async function openTestDb(target: DbTarget): Promise<TestDatabase> {
  if (target === 'pglite') {
    const db = createDb({ databaseUrl: null, dataDir: 'memory://' });
    await migrateToLatest(db);
    return { db, url: null, drop: () => db.destroy() };
  }
  const created = await createPostgresDatabase();
  const db = createDb({ databaseUrl: created.url, dataDir: '' });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await created.drop();
    throw error;
  }
  return {
    db,
    url: created.url,
    drop: async () => {
      await db.destroy();
      await created.drop();
    },
  };
}
