// The server process's shared handles, created on first use. Pages, actions
// and middleware reach the database and auth through here; lib functions take
// them as arguments.
import { getConfig, type Config } from './config.ts';
import { createDb, type Db } from './db.ts';
import { createAuth, type Auth } from './auth/lucia.ts';
import { startBackgroundJobs } from './jobs.ts';

export interface App {
  config: Config;
  db: Db;
  auth: Auth;
  /** The clock, injectable so tests can move time. */
  now: () => Date;
}

let app: App | null = null;

export function getApp(): App {
  if (app) return app;
  const config = getConfig();
  const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  app = { config, db, auth: createAuth(db, { secureCookies: config.secureCookies }), now: () => new Date() };
  const stopJobs = startBackgroundJobs(app);
  const shutdown = (signal: NodeJS.Signals) => {
    stopJobs();
    // Closing PGlite cleanly avoids crash recovery on the next start.
    void db.destroy().finally(() => process.exit(signal === 'SIGINT' ? 130 : 0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return app;
}
