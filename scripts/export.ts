// npm run export -- FILE [--format wxr|json]   (FILE "-" writes to standard output)
// npm run export -- wishcast FILE [--with-passwords]
// The whole site as WXR (WordPress and friends), as documented JSON, or as the
// complete archive another Wishcast restores (src/lib/import/export/archive/).
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { migrateToLatest } from '../db/migrator.ts';
import { createDb } from '../src/lib/db.ts';
import { exportSite, isExportFormat } from '../src/lib/import/export/index.ts';
import { writeArchive } from '../src/lib/import/export/archive/write.ts';
import { mediaStorageFor } from '../src/lib/media/store-for.ts';
import { migrations } from '../db/migrations/index.ts';
import { argsOrExit, configOrExit, exitOnKnownError, usageError } from './cli.ts';

const USAGE = `Usage: npm run export -- FILE [--format wxr|json]
       npm run export -- wishcast FILE [--with-passwords]

Writes the site's posts, pages and comments to FILE ("-" for standard output).

With wishcast: writes the complete site to FILE (a .tar.gz archive) that
npm run import -- wishcast FILE restores into an empty Wishcast: every content
table (accounts, profiles, posts with their old slugs and revisions, pages,
comments, wishes, offers and their private threads, follow-ups, cheers,
followers, settings) and the media files. Not carried: sign-ins, one-time
links, the fediverse signing keys, mail and deliveries in flight.

Options
  --format wxr      WordPress's export format, for WordPress and friends (the default)
  --format json     documented JSON (the default when FILE ends in .json)
  --with-passwords  (wishcast) keep the accounts' password hashes; without it
                    people choose a new password ("Forgot your password?")
  -h, --help        this text

See docs/moving-in-and-out.md.`;
const { values, positionals } = argsOrExit(USAGE, {
  format: { type: 'string' },
  'with-passwords': { type: 'boolean' },
});
if (positionals[0] === 'wishcast') await exportArchive(positionals.slice(1));
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

async function exportArchive([file, ...extra]: string[]): Promise<never> {
  if (!file || file === '-') usageError(USAGE, 'Where to? Give the archive file to write (a .tar.gz)');
  if (extra.length > 0) usageError(USAGE, `Unexpected argument “${extra[0]}”`);
  if (values.format) usageError(USAGE, '--format is for the other exports: a wishcast archive has one format');
  const config = configOrExit();
  const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    const started = Date.now();
    const report = await writeArchive(db, mediaStorageFor(config), file, {
      siteUrl: config.siteUrl,
      migration: Object.keys(migrations).sort().at(-1)!,
      withPasswords: values['with-passwords'] ?? false,
      now: new Date(),
    });
    const rows = report.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `Wrote ${file}: ${rows} rows in ${report.tables.length} tables and ${report.mediaFiles} media files ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (report.missingMedia.length > 0) {
      console.error(`${report.missingMedia.length} media files named by the site were not in storage (left out).`);
    }
    await db.destroy();
    process.exit(0);
  } catch (error) {
    await db.destroy();
    exitOnKnownError(error);
  }
}
