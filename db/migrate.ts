// npm run db:migrate [-- --down] [-- --seed]
import { migrateDown } from './migrator.ts';
import { configOrExit, exitOnKnownError } from '../scripts/cli.ts';
import { createDb } from '../src/lib/db.ts';
import { prepareDatabase } from '../scripts/prepare-database.ts';

const config = configOrExit();
try {
  if (process.argv.includes('--down')) {
    const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      for (const name of await migrateDown(db)) console.log(`Reverted migration ${name}`);
    } finally {
      await db.destroy();
    }
  } else {
    await prepareDatabase(config, { seed: process.argv.includes('--seed') });
    console.log('Database is up to date.');
  }
} catch (error) {
  exitOnKnownError(error);
}
