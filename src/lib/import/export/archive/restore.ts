// Restores a complete archive into an empty site: every table in dependency
// order with its ids kept (the sequences then set past them), triggers off
// while the rows go in (the counts they keep come from the archive as they
// were), then the media files through the storage interface, and last a
// site-wide change so every process's caches read afresh.
import { createReadStream, type Stats } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { extract, type ReadEntry } from 'tar';
import { recordEverythingChanged } from '../../../content/version.ts';
import type { Db } from '../../../db.ts';
import { contentTypeOfKey, isMediaKey, type MediaStorage } from '../../../media/storage.ts';
import { ARCHIVE_TABLES } from '../coverage.ts';
import {
  countRows,
  deleteAllRows,
  fixSequences,
  holdsOtherThanSamples,
  inDependencyOrder,
  insertArchivedRows,
  readTableDependencies,
  readTableShape,
  setUserTriggers,
} from './tables-repo.ts';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  ArchiveError,
  MANIFEST_FILE,
  MEDIA_DIR,
  NO_PASSWORD,
  ROWS_A_PAGE,
  TABLES_DIR,
  type ArchiveManifest,
  type ArchivedTable,
} from './format.ts';

/** What a freshly started site seeds (content/posts and content/pages): replaced by the archive, not refused. */
interface SampleContent {
  postSlugs: string[];
  pageSlugs: string[];
}

interface RestoreOptions {
  /** Every migration this Wishcast knows: an archive from a later one is refused. */
  knownMigrations: string[];
  sample: SampleContent;
}

interface RestoreReport {
  manifest: ArchiveManifest;
  /** Whether the seeded sample posts and pages were removed first. */
  replacedSample: boolean;
}

/** Tables a fresh site's seeding writes to; anything in the others means the site holds content. */
const SEEDED_TABLES = new Set(['posts', 'pages', 'tags', 'post_tags', 'revisions']);

/** 'empty', 'sample' (only the seeded posts and pages, no accounts) or the name of a table that holds content. */
async function siteState(db: Db, sample: SampleContent): Promise<'empty' | 'sample' | { table: string }> {
  let seeded = false;
  for (const table of ARCHIVE_TABLES) {
    if ((await countRows(db, table)) === 0) continue;
    if (!SEEDED_TABLES.has(table)) return { table };
    seeded = true;
  }
  if (!seeded) return 'empty';
  // A post or page that is not one of the samples, or has an author, is someone's content.
  return (await holdsOtherThanSamples(db, sample)) ? { table: 'posts' } : 'sample';
}

async function removeSample(db: Db): Promise<void> {
  for (const table of ['post_tags', 'revisions', 'posts', 'pages', 'tags']) {
    await deleteAllRows(db, table);
  }
}

async function readManifest(dir: string, file: string): Promise<ArchiveManifest> {
  const text = await readFile(join(dir, MANIFEST_FILE), 'utf8').catch(() => null);
  const manifest = text ? (JSON.parse(text) as ArchiveManifest) : null;
  if (manifest?.format !== ARCHIVE_FORMAT) {
    throw new ArchiveError(`${file} is not a Wishcast archive (made by npm run export -- wishcast FILE).`, 65);
  }
  if (manifest.version !== ARCHIVE_VERSION) {
    throw new ArchiveError(
      `${file} is a version ${manifest.version} archive; this Wishcast reads version ${ARCHIVE_VERSION}.`,
      65,
    );
  }
  return manifest;
}

async function* pagesOfLines(path: string): AsyncGenerator<string[]> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let page: string[] = [];
  for await (const line of lines) {
    if (line === '') continue;
    page.push(line);
    if (page.length === ROWS_A_PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

async function restoreTable(db: Db, dir: string, archived: ArchivedTable, withPasswords: boolean): Promise<void> {
  const shape = await readTableShape(db, archived.name);
  const columns = shape.columns.filter((c) => archived.columns.includes(c));
  const fills = archived.name === 'users' && !withPasswords && !columns.includes('password_hash');
  await setUserTriggers(db, archived.name, false);
  for await (const page of pagesOfLines(join(dir, TABLES_DIR, `${archived.name}.jsonl`))) {
    await insertArchivedRows(db, archived.name, columns, fills ? NO_PASSWORD : null, page);
  }
  await setUserTriggers(db, archived.name, true);
  await fixSequences(db, archived.name, columns);
}

export async function restoreArchive(
  db: Db,
  storage: MediaStorage,
  file: string,
  options: RestoreOptions,
): Promise<RestoreReport> {
  const source = resolve(file);
  const dir = await mkdtemp(join(tmpdir(), 'wishcast-archive-'));
  try {
    // Plain files and folders only: a link in the archive could make the import read a file outside it.
    const plain = (_path: string, entry: Stats | ReadEntry) =>
      'type' in entry && (entry.type === 'File' || entry.type === 'Directory');
    await extract({ file: source, cwd: dir, strict: true, filter: plain }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new ArchiveError(`Cannot read ${file}: no such file.`, 66);
      throw new ArchiveError(`${file} is not a Wishcast archive (${error.message}).`, 65);
    });
    const manifest = await readManifest(dir, file);
    if (!options.knownMigrations.includes(manifest.migration)) {
      throw new ArchiveError(
        `${file} comes from a newer Wishcast (migration ${manifest.migration}): update this one first.`,
        65,
      );
    }
    const unknown = manifest.tables.map((t) => t.name).filter((t) => !ARCHIVE_TABLES.includes(t));
    if (unknown.length > 0)
      throw new ArchiveError(`${file} holds tables this Wishcast does not know: ${unknown.join(', ')}.`, 65);
    const state = await siteState(db, options.sample);
    if (typeof state === 'object') {
      throw new ArchiveError(
        `This site holds content already (${state.table}): import a Wishcast archive into an empty site.`,
        2,
      );
    }
    // Files first: they are content-addressed, so a failure later leaves nothing wrong, and a re-run puts them again.
    for (const key of await readdir(join(dir, MEDIA_DIR)).catch(() => [])) {
      if (!isMediaKey(key)) continue;
      await storage.put(key, new Uint8Array(await readFile(join(dir, MEDIA_DIR, key))), contentTypeOfKey(key)!);
    }
    const byName = new Map(manifest.tables.map((t) => [t.name, t]));
    const order = inDependencyOrder(
      ARCHIVE_TABLES.filter((t) => byName.has(t)),
      await readTableDependencies(db),
    );
    await db.transaction().execute(async (trx) => {
      const again = await siteState(trx, options.sample);
      if (typeof again === 'object') throw new ArchiveError(`This site got content meanwhile (${again.table}).`, 2);
      if (again === 'sample') await removeSample(trx);
      for (const table of order) await restoreTable(trx, dir, byName.get(table)!, manifest.withPasswords);
    });
    await recordEverythingChanged(db);
    return { manifest, replacedSample: state === 'sample' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
