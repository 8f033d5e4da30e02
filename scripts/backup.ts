// npm run backup -- FILE: the database to FILE and the uploaded images to FILE.media/
// (src/lib/backup/backup.ts). The embedded database is read with the server stopped.
import { parseArgs } from 'node:util';
import { BackupError, backupSite } from '../src/lib/backup/backup.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';

const USAGE = `Usage: npm run backup -- FILE

Writes the site's database to FILE and its uploaded images to the folder FILE.media/.
PostgreSQL (DATABASE_URL set): pg_dump's custom format (pg_dump must be installed).
Embedded database: PGlite's dump of DATA_DIR (stop the server first: it holds the database).
Restore with: npm run restore -- FILE`;

const { values, positionals } = parseArgs({
  options: { help: { type: 'boolean', short: 'h' } },
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
  const report = await backupSite(config, positionals[0]!);
  console.log(`Backed up the ${report.database === 'postgres' ? 'PostgreSQL' : 'embedded'} database to ${report.file}`);
  console.log(`and the images to ${report.media}/`);
} catch (error) {
  if (error instanceof BackupError) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  exitOnKnownError(error);
}
