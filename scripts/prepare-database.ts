// Migrates, seeds an empty database with the sample posts, and prints the
// one-time setup link while no author exists. Shared by start, dev and db:migrate.
// All of it runs under one PostgreSQL advisory lock, so processes started
// together on an empty database seed once and issue one setup link.
import { resolve } from 'node:path';
import { migrateToLatest, NotMigratedError, pendingMigrations } from '../db/migrator.ts';
import type { Config } from '../src/lib/config.ts';
import { createDb, withStartupLock, type Db } from '../src/lib/db.ts';
import { setupLinkOnStart } from '../src/lib/auth/setup.ts';
import { importContentDir } from '../src/lib/posts/import.ts';
import { seedPages } from '../src/lib/pages/seed.ts';

/** The advisory lock every Wishcast process takes while preparing the database ("WISH" in ASCII). */
const STARTUP_LOCK = 0x57495348;

export async function prepareDatabase(config: Config, options: { seed: boolean; migrate?: boolean }): Promise<void> {
  const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 2 });
  try {
    await withStartupLock(db, config.databaseUrl !== null, STARTUP_LOCK, async () => {
      if (options.migrate === false) {
        const pending = await pendingMigrations(db);
        if (pending.length > 0) throw new NotMigratedError(pending);
      } else {
        for (const name of await migrateToLatest(db)) console.log(`Applied migration ${name}`);
      }
      if (options.seed) await seedAndPrintSetupLink(db, config);
    });
  } finally {
    await db.destroy();
  }
}

async function seedAndPrintSetupLink(db: Db, config: Config): Promise<void> {
  const anyPost = await db.selectFrom('posts').select('id').limit(1).executeTakeFirst();
  if (!anyPost) {
    const counts = await importContentDir(db, resolve('content/posts'));
    console.log(`Seeded ${counts.created} sample posts from content/posts.`);
    const pages = await seedPages(db, resolve('content/pages'), new Date());
    if (pages > 0) console.log(`Seeded ${pages} pages from content/pages.`);
  }
  const link = await setupLinkOnStart(db);
  if (!link) return;
  if ('token' in link) {
    console.log(
      `\nNo author yet. Create one at ${config.siteUrl}/setup?token=${link.token}\n` +
        '(the link works once; or run `npm run create-author -- --email E --name N`)\n',
    );
  } else {
    // The token is kept only as a hash: the link cannot be shown again, only where it was shown.
    console.log(
      `\nNo author yet. The setup link was printed at ${link.printedAt.toISOString()} by the first process to start ` +
        '(see its log; it still works).\n' +
        '(`npm run setup-link` prints a new one and voids it; or run `npm run create-author -- --email E --name N`)\n',
    );
  }
}
