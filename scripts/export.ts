// npm run export -- FILE [--format wxr|json]   (FILE "-" writes to standard output)
// The whole site as WXR (WordPress and friends) or as documented JSON.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/migrator.ts';
import { createDb } from '../src/lib/db.ts';
import { exportSite, isExportFormat } from '../src/lib/import/export/index.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';

const USAGE = 'Usage: npm run export -- FILE [--format wxr|json]   (FILE - for standard output)';
const { values, positionals } = parseArgs({ options: { format: { type: 'string' } }, allowPositionals: true });
const [file] = positionals;
const format = values.format ?? (file?.endsWith('.json') ? 'json' : 'wxr');
if (!file || !isExportFormat(format)) {
  console.error(USAGE);
  process.exit(64);
}

const config = configOrExit();
let db;
try {
  db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db);
  const started = Date.now();
  const text = await exportSite(db, format, {
    siteUrl: config.siteUrl,
    timeZone: config.siteTimezone,
    now: new Date(),
  });
  await pipeline(Readable.from(text), file === '-' ? process.stdout : createWriteStream(file));
  if (file !== '-') console.error(`Wrote ${file} (${format}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  exitOnKnownError(error);
} finally {
  await db?.destroy();
}
