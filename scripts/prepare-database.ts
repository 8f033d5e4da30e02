// Migrates, seeds an empty database with the sample posts, and prints the
// one-time setup link while no author exists. Shared by start, dev and db:migrate.
import { resolve } from 'node:path';
import { migrateToLatest } from '../db/migrator.ts';
import type { Config } from '../src/lib/config.ts';
import { createDb } from '../src/lib/db.ts';
import { issueSetupToken } from '../src/lib/auth/setup.ts';
import { importContentDir } from '../src/lib/posts/import.ts';
import { seedPages } from '../src/lib/pages/seed.ts';

export async function prepareDatabase(config: Config, options: { seed: boolean }): Promise<void> {
  const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(db);
    for (const name of applied) console.log(`Applied migration ${name}`);
    if (options.seed) {
      const anyPost = await db.selectFrom('posts').select('id').limit(1).executeTakeFirst();
      if (!anyPost) {
        const counts = await importContentDir(db, resolve('content/posts'));
        console.log(`Seeded ${counts.created} sample posts from content/posts.`);
        const pages = await seedPages(db, resolve('content/pages'), new Date());
        if (pages > 0) console.log(`Seeded ${pages} pages from content/pages.`);
      }
      const token = await issueSetupToken(db);
      if (token) {
        console.log(
          `\nNo author yet. Create one at ${config.siteUrl}/setup?token=${token}\n` +
            '(the link works once; or run `npm run create-author -- --email E --name N`)\n',
        );
      }
    }
  } finally {
    await db.destroy();
  }
}
