// npm run setup-link: a fresh one-time link to create the first author,
// voiding any earlier one (for when the link printed at the first start is lost).
import { createDb } from '../src/lib/db.ts';
import { issueSetupToken } from '../src/lib/auth/setup.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';

const config = configOrExit();
const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 1 });
try {
  const token = await issueSetupToken(db);
  if (token) console.log(`Create the first author at ${config.siteUrl}/setup?token=${token}\n(the link works once)`);
  else console.log('An author already exists: sign in, or use `npm run reset-password -- --email E`.');
} catch (error) {
  exitOnKnownError(error);
} finally {
  await db.destroy();
}
