// A PostgreSQL connection can die while a piece of work holds it between two
// queries (a transaction waiting on something else). node-postgres then emits
// 'error' on that client, and with nobody listening the whole process crashed:
// the outage fault test caught it once. The work must fail, the process live,
// and the next request get a fresh connection.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/db.ts';
import { createPostgresDatabase } from '../helpers/db.ts';

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('a PostgreSQL connection lost while checked out', () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    db = createDb({ databaseUrl: created.url, dataDir: '' });
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('fails the work that held it, and the process and the pool carry on', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const work = db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // Another connection ends this one while the transaction waits between queries.
        await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(db);
        await new Promise((r) => setTimeout(r, 300));
        await sql`select 1`.execute(trx);
      });
      await expect(work).rejects.toThrow();
      expect(uncaught).toEqual([]);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows[0]!.one).toBe(1);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
