// One way to open the database: PostgreSQL through pg when a URL is given,
// otherwise embedded PGlite. The same migrations and queries serve both.
import { mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.ts';
import { lockDataDir } from './data-dir-lock.ts';

export type Db = Kysely<Database>;

const INT8_OID = 20;

export interface DbOptions {
  /** postgres://… for PostgreSQL; null for PGlite. */
  databaseUrl: string | null;
  /** PGlite's directory, or 'memory://' for a throwaway database. */
  dataDir: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

export function createDb(options: DbOptions): Db {
  return options.databaseUrl
    ? createPostgresDb(options.databaseUrl, options.maxConnections ?? 10)
    : createPgliteDb(options.dataDir);
}

function createPostgresDb(databaseUrl: string, max: number): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    // Fail fast when the database is unreachable so pages answer 503 instead of hanging.
    connectionTimeoutMillis: 3000,
    query_timeout: 10_000,
    idleTimeoutMillis: 30_000,
    // bigint (count(*), identity) as a number, as PGlite gives it.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function createPgliteDb(dataDir: string): Db {
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : lockDataDir(resolve(dataDir));
  const pgliteDir = inMemory ? dataDir : join(resolve(dataDir), 'pglite');
  if (!inMemory) mkdirSync(pgliteDir, { recursive: true });
  const pglite = new PGlite(pgliteDir, { parsers: { [INT8_OID]: Number } });
  const close = pglite.close.bind(pglite);
  pglite.close = async () => {
    try {
      if (!pglite.closed) await close();
    } finally {
      release();
    }
  };
  return new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
}

/** True when the database answers a trivial query. */
export async function isDatabaseUp(db: Db): Promise<boolean> {
  try {
    await db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
    return true;
  } catch {
    return false;
  }
}
