// npm run import-content: upserts content/posts/*.md by slug (idempotent).
import { resolve } from 'node:path';
import { migrateToLatest } from '../db/migrator.ts';
import { createDb } from '../src/lib/db.ts';
import { importContentDir } from '../src/lib/posts/import.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';

const config = configOrExit();
const dir = resolve(process.argv[2] ?? 'content/posts');
let db;
try {
  db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db);
  const author = await db.selectFrom('users').select('id').where('role', '=', 'author').limit(1).executeTakeFirst();
  const counts = await importContentDir(db, dir, author?.id ?? null);
  console.log(`Imported ${dir}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged.`);
} catch (error) {
  exitOnKnownError(error);
} finally {
  await db?.destroy();
}
