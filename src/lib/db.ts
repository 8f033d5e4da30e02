// One way to open the database: PostgreSQL through pg when a URL is given,
// otherwise embedded PGlite. The same migrations and queries serve both.
import { mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.ts';
import { releaseSessionAdvisoryLock, takeSessionAdvisoryLock } from './advisory-lock-repo.ts';
import { lockDataDir } from './data-dir-lock.ts';

export type Db = Kysely<Database>;

const INT8_OID = 20;

interface DbOptions {
  /** postgres://… for PostgreSQL; null for PGlite. */
  databaseUrl: string | null;
  /** PGlite's directory, or 'memory://' for a throwaway database. */
  dataDir: string;
  /** Pool size for PostgreSQL (DATABASE_POOL_MAX for the server; scripts keep the default). */
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
    // Fail fast when the database is unreachable so pages answer 503 instead of
    // hanging; this also bounds the wait for a free connection under a burst.
    connectionTimeoutMillis: 5000,
    query_timeout: 10_000,
    idleTimeoutMillis: 30_000,
    // bigint (count(*), identity) as a number, as PGlite gives it.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection lost must not crash the process: an idle one's error reaches the pool, a checked-out
  // one's its own client (between two queries of a transaction nothing else listens). The work using it
  // fails with its next query, and the pool drops the broken client when it comes back.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<Db, pg.Pool>();

interface PoolUse {
  max: number;
  /** Connections open, of which idle; requests waiting for one. */
  total: number;
  idle: number;
  waiting: number;
}

/** How the PostgreSQL connection pool is used now (for /metrics); null on PGlite, which has no pool. */
export function poolUseOf(db: Db): PoolUse | null {
  const pool = pools.get(db);
  if (!pool) return null;
  return { max: pool.options.max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
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

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** True for errors meaning "the database cannot be reached", as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (
      /Connection terminated|timeout exceeded when trying to connect|connection error|Query read timeout/i.test(
        e.message,
      )
    ) {
      return true;
    }
  }
  return false;
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

/**
 * Runs `work` while holding a PostgreSQL advisory lock named by `key`, so that
 * processes starting together do it one after another (the lock is the
 * session's: it is held on one pooled connection while `work` uses others, and
 * freed if the process dies). PGlite is one process by construction (its data
 * directory is locked) and has a single connection, so there `work` just runs.
 */
export async function withStartupLock<T>(
  db: Db,
  usesPostgres: boolean,
  key: number,
  work: () => Promise<T>,
): Promise<T> {
  if (!usesPostgres) return work();
  return db.connection().execute(async (connection) => {
    await takeSessionAdvisoryLock(connection, key);
    try {
      return await work();
    } finally {
      await releaseSessionAdvisoryLock(connection, key);
    }
  });
}

/**
 * Runs `work` in a transaction: the caller's, when `db` already is one (so a
 * service can be part of a larger unit, like an import), or a new one.
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
