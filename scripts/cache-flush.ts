// npm run cache:flush — after changing the database outside the app (SQL by
// hand, a tool of your own): every process drops what it keeps and reads
// afresh on its next request. Announced through the database, so processes on
// every machine hear it; nothing to restart. A restored backup needs no flush:
// processes see the change number go back and start over on their own.
import { recordEverythingChanged } from '../src/lib/content/version.ts';
import { createDb } from '../src/lib/db.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';

const config = configOrExit();
const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await recordEverythingChanged(db);
  console.log('Every process will read the site afresh on its next request.');
} catch (error) {
  exitOnKnownError(error);
} finally {
  await db.destroy();
}
