// npm run restore -- FILE [--force]: puts back a backup made by npm run backup
// (src/lib/backup/backup.ts) into the configured database and MEDIA_DIR.
import { parseArgs } from 'node:util';
import { BackupError, restoreSite } from '../src/lib/backup/backup.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';

const USAGE = `Usage: npm run restore -- FILE [--force]

Restores FILE (made by npm run backup) into the site's database, and FILE.media/ into MEDIA_DIR.
A database or media folder that holds anything is refused; --force empties it first.
The embedded database is restored with the server stopped; PostgreSQL with pg_restore (must be installed).`;

const { values, positionals } = parseArgs({
  options: { help: { type: 'boolean', short: 'h' }, force: { type: 'boolean' } },
  allowPositionals: true,
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) {
  console.error(USAGE);
  process.exit(64);
}
const config = configOrExit();
try {
  const report = await restoreSite(config, positionals[0]!, values.force ?? false);
  console.log(
    `Restored the ${report.database === 'postgres' ? 'PostgreSQL' : 'embedded'} database and the images (${report.media}).`,
  );
  console.log('Start the server (npm start): migrations newer than the backup run then.');
} catch (error) {
  if (error instanceof BackupError) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  exitOnKnownError(error);
}
