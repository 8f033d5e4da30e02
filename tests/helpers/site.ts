// The one setup for end-to-end tests: a fresh database with the sample posts
// and whatever the test adds, served by the built server as a real process.
import { resolve } from 'node:path';
import type { Db } from '../../src/lib/db.ts';
import { importContentDir } from '../../src/lib/posts/import.ts';
import type { DbTarget } from './db.ts';
import { createTestSite, startServer, type RunningServer, type TestSite } from './server.ts';

export { dbTargets, type DbTarget } from './db.ts';
export { cookieFrom, postForm, postRaw, type RunningServer, type TestSite } from './server.ts';

export interface SampleSiteOptions {
  /** Adds what the test needs before the server starts (accounts, posts…). */
  seed?: (db: Db) => Promise<void>;
  /** Environment for the server (WISH_DAY, RATE_LIMIT_FACTOR…). */
  env?: Record<string, string>;
}

export async function startSampleSite(
  target: DbTarget,
  options: SampleSiteOptions = {},
): Promise<{ site: TestSite; server: RunningServer }> {
  const site = await createTestSite(target);
  const db = site.openDb();
  try {
    await importContentDir(db, resolve('content/posts'));
    await options.seed?.(db);
  } finally {
    await db.destroy();
  }
  return { site, server: await startServer(site, options.env) };
}

export async function stopSampleSite(site: TestSite | undefined, server: RunningServer | undefined): Promise<void> {
  await server?.stop();
  await site?.cleanup();
}
