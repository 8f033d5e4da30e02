// Writes the complete archive: every content table a page of rows at a time
// (keyset pages by primary key, never a whole table in memory), then every
// media file those rows name, read through the media storage interface (the
// filesystem or S3 alike), then one .tar.gz. Files are staged in a folder
// beside the archive, removed afterwards.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { create } from 'tar';
import type { Db } from '../../../db.ts';
import type { MediaStorage } from '../../../media/storage.ts';
import { ARCHIVE_TABLES } from '../coverage.ts';
import { readTablePage, readTableShape, type TableShape } from './tables-repo.ts';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  ArchiveError,
  MANIFEST_FILE,
  MEDIA_DIR,
  MEDIA_KEY_IN_TEXT,
  ROWS_A_PAGE,
  TABLES_DIR,
  type ArchiveManifest,
  type ArchivedTable,
} from './format.ts';

interface ArchiveOptions {
  siteUrl: string;
  /** The last migration applied (db/migrations/index.ts). */
  migration: string;
  withPasswords: boolean;
  now: Date;
}

interface ArchiveReport {
  file: string;
  tables: ArchivedTable[];
  mediaFiles: number;
  /** Keys rows name that the storage does not hold (already gone before the export). */
  missingMedia: string[];
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** Streams one table to `path`; returns its row count, adding the media keys its rows name to `keys`. */
async function writeTable(db: Db, shape: TableShape, left: string[], path: string, keys: Set<string>) {
  const out = createWriteStream(path);
  const drop = [...shape.generated, ...left];
  let cursor: string[] | null = null;
  let rows = 0;
  try {
    for (;;) {
      const page = await readTablePage(db, shape, drop, cursor, ROWS_A_PAGE);
      if (page.length === 0) break;
      let text = '';
      for (const row of page) {
        text += `${row.line}\n`;
        for (const match of row.line!.matchAll(MEDIA_KEY_IN_TEXT)) keys.add(match[0]);
      }
      await write(out, text);
      rows += page.length;
      const last = page.at(-1)!;
      cursor = shape.primaryKey.map((_, i) => last[`key_${i}`]!);
      if (page.length < ROWS_A_PAGE) break;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return rows;
}

export async function writeArchive(
  db: Db,
  storage: MediaStorage,
  file: string,
  options: ArchiveOptions,
): Promise<ArchiveReport> {
  const target = resolve(file);
  if (await stat(target).catch(() => null)) throw new ArchiveError(`${file} exists already: choose a new name.`, 73);
  const staging = await mkdtemp(join(dirname(target), `.${basename(target)}-`));
  try {
    await mkdir(join(staging, TABLES_DIR));
    await mkdir(join(staging, MEDIA_DIR));
    const keys = new Set<string>();
    const tables: ArchivedTable[] = [];
    for (const name of ARCHIVE_TABLES) {
      const shape = await readTableShape(db, name);
      const left = name === 'users' && !options.withPasswords ? ['password_hash'] : [];
      const rows = await writeTable(db, shape, left, join(staging, TABLES_DIR, `${name}.jsonl`), keys);
      tables.push({ name, columns: shape.columns.filter((c) => !left.includes(c)), rows });
    }
    const missingMedia: string[] = [];
    let mediaFiles = 0;
    for (const key of [...keys].sort()) {
      const stored = await storage.get(key);
      if (!stored) {
        missingMedia.push(key);
        continue;
      }
      await pipeline(stored.body, createWriteStream(join(staging, MEDIA_DIR, key)));
      mediaFiles++;
    }
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      exportedAt: options.now.toISOString(),
      siteUrl: options.siteUrl.replace(/\/+$/, ''),
      migration: options.migration,
      withPasswords: options.withPasswords,
      tables,
      mediaFiles,
    };
    await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const partial = `${target}.partial`;
    await create({ gzip: true, file: partial, cwd: staging, portable: true }, [MANIFEST_FILE, TABLES_DIR, MEDIA_DIR]);
    await rename(partial, target);
    return { file: target, tables, mediaFiles, missingMedia };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
