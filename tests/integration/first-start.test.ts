// Three starts at once on an empty PostgreSQL database, in one process for
// speed (each with its own pool, as separate processes have): migrations,
// seeding and the setup link happen once, under the start-up advisory lock.
// tests/e2e/first-start.test.ts does the same with three real `npm start`s.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pendingMigrations } from '../../db/migrator.ts';
import { readConfig } from '../../src/lib/config.ts';
import { createDb } from '../../src/lib/db.ts';
import { prepareDatabase } from '../../scripts/prepare-database.ts';
import { createPostgresDatabase } from '../helpers/db.ts';

describe.skipIf(!process.env.TEST_DATABASE_URL)('first starts on an empty PostgreSQL database', () => {
  afterEach(() => vi.restoreAllMocks());

  it('seed once and issue one setup link between them; later starts say when it was printed', async () => {
    const database = await createPostgresDatabase();
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(String(line)));
    try {
      const config = readConfig({ DATABASE_URL: database.url, SITE_URL: 'https://blog.example.org' });
      await expect(prepareDatabase(config, { seed: true, migrate: false })).rejects.toThrow(/npm run db:migrate/);
      await Promise.all([1, 2, 3].map(() => prepareDatabase(config, { seed: true })));
      const all = lines.join('\n');
      expect(all.match(/Seeded \d+ sample posts/g), all).toHaveLength(1);
      expect(all.match(/https:\/\/blog\.example\.org\/setup\?token=/g), all).toHaveLength(1);
      expect(all.match(/The setup link was printed at/g), all).toHaveLength(2);

      const db = createDb({ databaseUrl: database.url, dataDir: '' });
      try {
        expect(await pendingMigrations(db)).toEqual([]);
        expect(await db.selectFrom('setup_tokens').select('used_at').execute()).toEqual([{ used_at: null }]);
      } finally {
        await db.destroy();
      }
      // Now migrated, a start that does not migrate goes ahead.
      await prepareDatabase(config, { seed: true, migrate: false });
    } finally {
      await database.drop();
    }
  }, 60_000);
});
