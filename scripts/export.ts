// npm run export -- FILE [--format wxr|json]   (FILE "-" writes to standard output)
// The whole site as WXR (WordPress and friends) or as documented JSON.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { migrateToLatest } from '../db/migrator.ts';
import { createDb } from '../src/lib/db.ts';
import { exportSite, isExportFormat } from '../src/lib/import/export/index.ts';
import { argsOrExit, configOrExit, exitOnKnownError, usageError } from './cli.ts';

const USAGE = `Usage: npm run export -- FILE [--format wxr|json]

Writes the site's posts, pages and comments to FILE ("-" for standard output).

Options
  --format wxr    WordPress's export format, for WordPress and friends (the default)
  --format json   documented JSON (the default when FILE ends in .json)
  -h, --help      this text

See docs/moving-in-and-out.md.`;
const { values, positionals } = argsOrExit(USAGE, { format: { type: 'string' } });
const [file, ...extra] = positionals;
if (!file) usageError(USAGE, 'Where to? Give a file to write, or - for standard output');
if (extra.length > 0) usageError(USAGE, `Unexpected argument “${extra[0]}”`);
const format = values.format ?? (file.endsWith('.json') ? 'json' : 'wxr');
if (!isExportFormat(format)) usageError(USAGE, `Unknown format “${format}” (wxr or json)`);

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
