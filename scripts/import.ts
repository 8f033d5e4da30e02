// npm run import -- wordpress|blogger|disqus FILE [--timezone Europe/Berlin]   (see USAGE)
// npm run import -- wishcast FILE: restores a complete archive into an empty site.
// Imports an export in one transaction, with a progress bar on a terminal and
// a summary at the end. Running it again changes nothing.
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { migrateToLatest } from '../db/migrator.ts';
import { createDb } from '../src/lib/db.ts';
import {
  emptySourceMedia,
  fileSource,
  findFirstAuthorId,
  formatSummary,
  importExport,
  ImportFormatError,
  isImportFormat,
} from '../src/lib/import/index.ts';
import { copyImportedImages, formatImageReport } from '../src/lib/import/images/copy.ts';
import { IMAGE_FETCH_DEFAULTS } from '../src/lib/import/images/fetch.ts';
import { progressBar, progressLine } from '../src/lib/import/progress.ts';
import { createFileStorage } from '../src/lib/media/storage.ts';
import { getSettings } from '../src/lib/settings/settings.ts';
import { restoreArchive } from '../src/lib/import/export/archive/restore.ts';
import { mediaStorageFor } from '../src/lib/media/store-for.ts';
import { migrations } from '../db/migrations/index.ts';
import { argsOrExit, configOrExit, exitOnKnownError, usageError } from './cli.ts';

const USAGE = `Usage: npm run import -- FORMAT FILE [options]

Imports an export into this site (DATABASE_URL or DATA_DIR) in one transaction.
Running it again with the same file adds nothing.

FORMAT
  wordpress   a WordPress export (WXR, Tools → Export)
  blogger     a Blogger export (Atom, Settings → Back up content)
  disqus      a Disqus comments export (Moderation → Export), into the posts
              already here: threads are matched by their old addresses
  wishcast    an archive from npm run export -- wishcast FILE, into an empty
              site (or one holding only the sample posts, which it replaces):
              everything, ids kept, media files included

Options
  --timezone ZONE   the old site's time zone, for dates given in local time
                    (default: SITE_TIMEZONE)
  --no-images       leave images at their old addresses instead of copying
                    them into the media library (wordpress, blogger)
  -h, --help        this text

See docs/moving-in-and-out.md.`;
const { values, positionals } = argsOrExit(USAGE, {
  timezone: { type: 'string' },
  'no-images': { type: 'boolean' },
});
const [format, file, ...extra] = positionals;
if (!format) usageError(USAGE, 'Which export? Give a format and a file');
if (format === 'wishcast') await importArchive(file, extra);
if (!isImportFormat(format)) usageError(USAGE, `Unknown format “${format}”`);
if (!file) usageError(USAGE, `Which ${format} file? Give its path after the format`);
if (extra.length > 0) usageError(USAGE, `Unexpected argument “${extra[0]}”`);

const config = configOrExit();
const source = await fileSource(file).catch((error: NodeJS.ErrnoException) => {
  console.error(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  process.exit(66);
});
const tty = process.stderr.isTTY;
let lastTenth = 0;
let lastDraw = 0;
const report = (entries: number, force = false) => {
  const state = { bytes: source.bytesRead(), total: source.totalBytes, entries };
  if (tty) {
    if (!force && Date.now() - lastDraw < 100) return;
    lastDraw = Date.now();
    process.stderr.write(`\r${progressBar(state)}`);
  } else {
    const next = progressLine(state, lastTenth);
    if (next) {
      lastTenth = next.tenth;
      console.error(next.line);
    }
  }
};

let db;
try {
  db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db);
  const started = Date.now();
  const media = emptySourceMedia();
  const summary = await importExport(db, format, source.chunks, {
    now: new Date(),
    timeZone: values.timezone ?? config.siteTimezone,
    authorId: await findFirstAuthorId(db),
    onProgress: ({ entries }) => report(entries),
    media,
  });
  const entries = (['post', 'page'] as const).reduce(
    (n, k) => n + Object.values(summary.counts[k]).reduce((a, b) => a + b, 0),
    0,
  );
  report(entries, true);
  if (tty) process.stderr.write('\n');
  console.log(formatSummary(summary).join('\n'));
  if (format !== 'disqus' && !values['no-images']) {
    console.error('Copying images…');
    const images = await copyImportedImages(
      db,
      createFileStorage(config.mediaDir),
      { source: format, site: summary.site },
      {
        ownerId: await findFirstAuthorId(db),
        now: new Date(),
        fetch: {
          allowPrivate: config.importAllowPrivateAddress,
          maxBytes: (await getSettings(db)).maxUploadBytes,
          ...IMAGE_FETCH_DEFAULTS,
        },
        media,
      },
    );
    console.log(formatImageReport(images).join('\n'));
  }
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  if (tty) process.stderr.write('\n');
  if (error instanceof ImportFormatError) {
    console.error(`${file}: ${error.message}`);
    process.exitCode = 65;
  } else {
    exitOnKnownError(error);
  }
} finally {
  await db?.destroy();
}

async function importArchive(file: string | undefined, extra: string[]): Promise<never> {
  if (!file) usageError(USAGE, 'Which archive? Give its path after wishcast');
  if (extra.length > 0) usageError(USAGE, `Unexpected argument “${extra[0]}”`);
  if (values.timezone || values['no-images']) usageError(USAGE, 'A wishcast archive takes no options');
  const config = configOrExit();
  const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    const started = Date.now();
    const slugsIn = async (dir: string) =>
      (await readdir(resolve(dir)).catch(() => [])).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
    const report = await restoreArchive(db, mediaStorageFor(config), file, {
      knownMigrations: Object.keys(migrations),
      sample: { postSlugs: await slugsIn('content/posts'), pageSlugs: await slugsIn('content/pages') },
    });
    const { manifest } = report;
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    if (report.replacedSample) console.log('Removed the sample posts and pages first.');
    console.log(
      `Restored ${manifest.siteUrl} (exported ${manifest.exportedAt}): ${rows} rows in ${manifest.tables.length} ` +
        `tables and ${manifest.mediaFiles} media files in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (!manifest.withPasswords) console.log('Passwords were not in the archive: people choose a new one.');
    await db.destroy();
    process.exit(0);
  } catch (error) {
    await db.destroy();
    exitOnKnownError(error);
  }
}
