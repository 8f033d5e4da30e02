// npm run import -- wordpress FILE | blogger FILE  [--timezone Europe/Berlin]
// Imports an export in one transaction, with a progress bar on a terminal and
// a summary at the end. Running it again changes nothing.
import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/migrator.ts';
import { createDb } from '../src/lib/db.ts';
import {
  fileSource,
  findFirstAuthorId,
  formatSummary,
  importExport,
  ImportFormatError,
  isImportFormat,
} from '../src/lib/import/index.ts';
import { progressBar, progressLine } from '../src/lib/import/progress.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';

const USAGE = 'Usage: npm run import -- wordpress|blogger FILE [--timezone ZONE]';
const { values, positionals } = parseArgs({ options: { timezone: { type: 'string' } }, allowPositionals: true });
const [format, file] = positionals;
if (!format || !file || !isImportFormat(format)) {
  console.error(USAGE);
  process.exit(64);
}

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
  const summary = await importExport(db, format, source.chunks, {
    now: new Date(),
    timeZone: values.timezone ?? config.siteTimezone,
    authorId: await findFirstAuthorId(db),
    onProgress: ({ entries }) => report(entries),
  });
  const entries = (['post', 'page'] as const).reduce(
    (n, k) => n + Object.values(summary.counts[k]).reduce((a, b) => a + b, 0),
    0,
  );
  report(entries, true);
  if (tty) process.stderr.write('\n');
  console.log(formatSummary(summary).join('\n'));
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
