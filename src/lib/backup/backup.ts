// Backups of a whole site: the database and the uploaded images. PostgreSQL
// goes through pg_dump/pg_restore (custom format), the embedded database
// through PGlite's own dump of its data directory (a tarball); the media
// folder is copied to a directory beside the backup file, FILE.media/.
// `npm run backup` / `npm run restore` (scripts/backup.ts, scripts/restore.ts).
import { spawn } from 'node:child_process';
import { cp, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../config.ts';
import { lockDataDir } from '../data-dir-lock.ts';
import { createDb } from '../db.ts';
import { countPublicTables, emptyPublicSchema } from './repo.ts';

/** A mistake the operator can correct, said in one line (the scripts print it and exit). */
export class BackupError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'BackupError';
    this.exitCode = exitCode;
  }
}

type Settings = Pick<Config, 'databaseUrl' | 'dataDir' | 'mediaDir'>;

/** Where a backup's images go: a directory beside the database file. */
function mediaDirOf(file: string): string {
  return `${resolve(file)}.media`;
}

const pgliteDirOf = (settings: Settings) => join(resolve(settings.dataDir), 'pglite');

/**
 * The URL without its password, and the password for PGPASSWORD: the URL is an
 * argument, and another user on the machine may read a process's arguments.
 */
function postgresArgs(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.href, env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'ENOENT'
          ? new BackupError(`${command} was not found: install PostgreSQL's client tools (postgresql-client).`, 69)
          : error,
      ),
    );
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new BackupError(`${command} failed (exit ${code}): ${errors.trim()}`, 70)),
    );
  });
}

async function isEmptyDir(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.length === 0;
}

interface BackupReport {
  database: 'postgres' | 'pglite';
  file: string;
  media: string;
}

/** Writes the site's backup to `file` (refused if it exists) and its images to `file`.media/. */
export async function backupSite(settings: Settings, file: string): Promise<BackupReport> {
  const target = resolve(file);
  if (await stat(target).catch(() => null)) throw new BackupError(`${file} exists already: choose a new name.`, 73);
  const media = mediaDirOf(target);
  const partial = `${target}.partial`;
  if (settings.databaseUrl) {
    const { dbname, env } = postgresArgs(settings.databaseUrl);
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, dbname], env);
  } else {
    // The embedded database serves one process: it is read with the server stopped (the lock says so otherwise).
    const release = lockDataDir(resolve(settings.dataDir));
    try {
      const pglite = new PGlite(pgliteDirOf(settings));
      try {
        await pglite.waitReady; // dumpDataDir does not wait for the database to open
        const dump = await pglite.dumpDataDir('gzip');
        await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await pglite.close();
      }
    } finally {
      release();
    }
  }
  await rm(media, { recursive: true, force: true });
  await mkdir(media, { recursive: true });
  await cp(resolve(settings.mediaDir), media, { recursive: true, force: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // no image uploaded yet: an empty folder
    },
  );
  await rename(partial, target);
  return { database: settings.databaseUrl ? 'postgres' : 'pglite', file: target, media };
}

/** What a backup file holds, from its first bytes. */
async function kindOf(file: string): Promise<'postgres' | 'pglite'> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) throw new BackupError(`${file} cannot be read.`, 66);
  try {
    const head = Buffer.alloc(5);
    await handle.read(head, 0, 5, 0);
    if (head.toString('latin1') === 'PGDMP') return 'postgres';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  } finally {
    await handle.close();
  }
  throw new BackupError(`${file} is not a Wishcast backup (neither a pg_dump custom file nor a PGlite dump).`, 65);
}

/**
 * Restores `file` (and `file`.media/) into the configured database and media
 * folder. A target that holds anything is refused unless `force`, which empties it first.
 */
export async function restoreSite(settings: Settings, file: string, force: boolean): Promise<BackupReport> {
  const source = resolve(file);
  const kind = await kindOf(source);
  const wanted = settings.databaseUrl ? 'postgres' : 'pglite';
  if (kind !== wanted) {
    throw new BackupError(
      `${file} is a ${kind === 'postgres' ? 'PostgreSQL' : 'embedded (PGlite)'} backup but the site uses ${
        wanted === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'the embedded database (no DATABASE_URL)'
      }: restore it where it came from, then move with npm run export / import.`,
      65,
    );
  }
  const mediaSource = mediaDirOf(source);
  const mediaTarget = resolve(settings.mediaDir);
  if (!force && !(await isEmptyDir(mediaTarget))) {
    throw new BackupError(`${settings.mediaDir} holds images already: restore into an empty site, or add --force.`, 73);
  }
  if (settings.databaseUrl) await restorePostgres(settings.databaseUrl, source, force);
  else await restorePglite(settings, source, force);
  await rm(mediaTarget, { recursive: true, force: true });
  await mkdir(mediaTarget, { recursive: true });
  await cp(mediaSource, mediaTarget, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  return { database: kind, file: source, media: mediaTarget };
}

async function restorePostgres(databaseUrl: string, file: string, force: boolean) {
  const db = createDb({ databaseUrl, dataDir: '', maxConnections: 1 });
  try {
    if ((await countPublicTables(db)) > 0) {
      if (!force) {
        throw new BackupError('The database has tables already: restore into an empty database, or add --force.', 73);
      }
      await emptyPublicSchema(db);
    }
  } finally {
    await db.destroy();
  }
  const { dbname, env } = postgresArgs(databaseUrl);
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${dbname}`, file], env);
}

async function restorePglite(settings: Settings, file: string, force: boolean) {
  const release = lockDataDir(resolve(settings.dataDir));
  try {
    const dir = pgliteDirOf(settings);
    if (!(await isEmptyDir(dir))) {
      if (!force) {
        throw new BackupError(
          `${settings.dataDir} holds a database already: restore into an empty DATA_DIR, or add --force.`,
          73,
        );
      }
      await rm(dir, { recursive: true, force: true });
    }
    const pglite = new PGlite(dir, { loadDataDir: new Blob([await readFile(file)]) });
    await pglite.waitReady;
    await pglite.close();
  } finally {
    release();
  }
}
