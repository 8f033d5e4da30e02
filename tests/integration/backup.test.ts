// Issue 28, backups: npm run backup / npm run restore round-trip a whole site
// (posts, threads, wishes, accounts, images) on the embedded database and on
// PostgreSQL, as the operator runs them (the scripts, in processes of their own);
// a target that holds anything is refused unless --force.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrator.ts';
import { seedSampleSite } from '../../scripts/sample-site.ts';
import { createDb, type Db } from '../../src/lib/db.ts';
import { uploadMedia } from '../../src/lib/media/service.ts';
import { createFileStorage } from '../../src/lib/media/storage.ts';
import { createPostgresDatabase, dbTargets, type DbTarget } from '../helpers/db.ts';
import { makeImage } from '../helpers/images.ts';

const NOW = new Date('2026-12-02T10:00:00Z');

interface Place {
  env: Record<string, string>;
  open: () => Db;
  drop: () => Promise<void>;
}

/** An empty site (no tables) on the target, with a media folder of its own. */
async function emptyPlace(target: DbTarget, scratch: string): Promise<Place> {
  const media = mkdtempSync(join(scratch, 'media-'));
  if (target === 'postgres') {
    const created = await createPostgresDatabase();
    return {
      env: { DATABASE_URL: created.url, MEDIA_DIR: media },
      open: () => createDb({ databaseUrl: created.url, dataDir: '' }),
      drop: created.drop,
    };
  }
  const dataDir = mkdtempSync(join(scratch, 'data-'));
  return {
    env: { DATA_DIR: dataDir, MEDIA_DIR: media },
    open: () => createDb({ databaseUrl: null, dataDir }),
    drop: async () => {},
  };
}

function runScript(script: string, args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn(process.execPath, [resolve('scripts', script), ...args], {
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.once('exit', (code) => done({ code, output }));
  });
}

/** Every table's rows, as JSON text in a stable order. */
async function tableContents(db: Db): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = 'public' order by 1`.execute(db);
  const contents: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<{
      r: string;
    }>`select row_to_json(t)::text as r from ${sql.table(name)} t order by 1`.execute(db);
    contents[name] = rows.rows.map((row) => row.r);
  }
  return contents;
}

/** Every file under a folder, by relative path, as a hash of its bytes. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return files;
}

describe.each(dbTargets)('backup and restore on %s', (target) => {
  const scratch = mkdtempSync(join(tmpdir(), 'wishcast-backup-'));
  const places: Place[] = [];
  afterAll(async () => {
    for (const place of places) await place.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('round-trips posts, threads, wishes, accounts and images, and refuses a full target without --force', async () => {
    const source = await emptyPlace(target, scratch);
    places.push(source);
    let before: Record<string, string[]>;
    const db = source.open();
    try {
      await migrateToLatest(db);
      const sample = await seedSampleSite(db, NOW, { timeZone: 'UTC', wishWeekday: NOW.getUTCDay() || 7 });
      const author = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', sample.authorEmail)
        .executeTakeFirstOrThrow();
      const storage = createFileStorage(source.env.MEDIA_DIR!);
      for (const bytes of [await makeImage('jpeg'), await makeImage('png', { width: 320, height: 200 })]) {
        await uploadMedia(
          db,
          storage,
          { file: { bytes, name: 'photo' }, alt: 'A test photo' },
          { ownerId: author.id, now: NOW },
        );
      }
      before = await tableContents(db);
    } finally {
      await db.destroy();
    }
    for (const table of ['posts', 'comments', 'wishes', 'users', 'media'])
      expect(before[table]!.length).toBeGreaterThan(0);
    const mediaBefore = filesOf(source.env.MEDIA_DIR!);
    expect(Object.keys(mediaBefore).length).toBeGreaterThanOrEqual(2);

    const file = join(scratch, `site-${target}.backup`);
    const backup = await runScript('backup.ts', [file], source.env);
    expect(backup.output).toContain('Backed up');
    expect(backup.code).toBe(0);
    expect(filesOf(`${file}.media`)).toEqual(mediaBefore);

    const copy = await emptyPlace(target, scratch);
    places.push(copy);
    const restore = await runScript('restore.ts', [file], copy.env);
    expect(restore.output).toContain('Restored');
    expect(restore.code).toBe(0);
    const restored = copy.open();
    try {
      expect(await tableContents(restored)).toEqual(before);
    } finally {
      await restored.destroy();
    }
    expect(filesOf(copy.env.MEDIA_DIR!)).toEqual(mediaBefore);

    // The copy now holds a site: refused, then replaced whole with --force.
    const refused = await runScript('restore.ts', [file], copy.env);
    expect(refused.code).toBe(73);
    expect(refused.output).toMatch(/--force/);
    expect((await runScript('restore.ts', [file, '--force'], copy.env)).code).toBe(0);
    const again = copy.open();
    try {
      expect(await tableContents(again)).toEqual(before);
    } finally {
      await again.destroy();
    }
  }, 300_000);

  it.skipIf(target !== 'pglite')('prints its usage with --help', async () => {
    const help = await runScript('restore.ts', ['--help'], {});
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/^Usage: npm run restore -- FILE \[--force\]/);
  });
});
