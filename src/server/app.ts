// The server process's shared handles, created on first use. Pages, actions
// and middleware reach the database and auth through here; lib functions take
// them as arguments. This is one of the two places that read the clock (the
// other is jobs.ts): lib code is always handed `now`.
import { getConfig, type Config } from '../lib/config.ts';
import type { VersionState } from '../lib/content/version.ts';
import { createDb, type Db } from '../lib/db.ts';
import { createAuth, type Auth } from '../lib/auth/lucia.ts';
import { SESSION_COOKIE } from './cookies.ts';
import { versionReaderFor } from './cache/version-reader.ts';
import type { PageCacheDeps } from './cache/deps.ts';
import { createPageCacheMiddleware } from './cache/middleware.ts';
import { createPageStore } from './cache/pages.ts';
import { expiryFor, routeScopes } from './route-rules.ts';
import { ownControlsHtml } from '../lib/comments/render.ts';
import { nextWishDayChange } from '../lib/schedule/week.ts';
import type { MiddlewareHandler } from 'astro';
import { createFederationFor } from './federation.ts';
import { startBackgroundJobs } from './jobs.ts';
import type { BlogFederation } from '../lib/federation/federation.ts';
import { getLogger } from './log.ts';
import { scope } from '../lib/content/scopes.ts';
import { readRitual, withRitual } from '../lib/settings/ritual.ts';

export interface App {
  /**
   * The environment's config with the ritual the author set in Settings (wish day, opening hour, time
   * zone); replaced when a content-version read shows the ritual changed, so every process follows it.
   */
  config: Config;
  db: Db;
  auth: Auth;
  /** The clock, injectable so tests can move time. */
  now: () => Date;
  /** The content version, read once for the requests that arrive together (see version-reader.ts). */
  readContentVersion: () => Promise<VersionState>;
  /** The blog on the fediverse (Fedify), its store and queue in the database. */
  federation: BlogFederation;
  /** The page cache: what it is built with (its store among them), for the listener's fast path. */
  pageCache: PageCacheDeps;
  /** The page cache's Astro middleware (src/middleware.ts runs it). */
  pageCacheMiddleware: MiddlewareHandler;
}

/**
 * The page cache, built once: its store within PAGE_CACHE_MB, this process's
 * version reader and clock, and what the routes and domains register — the
 * wish board's opening and closing as a time a page expires at, a reader's own
 * comment controls as the filler of their slot.
 */
function createPageCache(config: Config, deps: Pick<PageCacheDeps, 'readVersions' | 'now' | 'auth'>): PageCacheDeps {
  // The ritual the author set in Settings: app.config follows it (followingTheRitual).
  const wishDay = (at: Date) => {
    const { siteTimezone, wishWeekday, wishOpeningHour } = app?.config ?? config;
    return nextWishDayChange(at, siteTimezone, wishWeekday, wishOpeningHour);
  };
  return {
    ...deps,
    store: createPageStore(config.pageCacheBytes),
    routeScopes,
    expiryFor: (state, at) => expiryFor(state, at, [wishDay]),
    fillOwn: ownControlsHtml,
  };
}

let app: App | null = null;
let closeApp: (() => Promise<void>) | null = null;
/** True once a server (scripts/serve.ts) owns the process's signals: it closes the app after its requests. */
let shutdownOwnedByServer = false;

/**
 * Called by the HTTP server before it listens: on SIGTERM it stops taking
 * requests, lets those under way finish, and only then calls shutdownApp().
 * Without it (e.g. under `astro dev`), the app closes itself on the signal.
 */
export function leaveShutdownToServer(): void {
  shutdownOwnedByServer = true;
}

/**
 * Requests whose work is under way. A client that goes away does not stop the
 * work its request started (a page reading, an account being saved), and the
 * server's drain ends once the connections have: the database is closed only
 * after that work too, or the work would fail against a closed database.
 */
let workUnderWay = 0;
let workSettled: (() => void) | null = null;
/** How long shutdownApp waits for requests' work (the server's drain has already waited for their connections). */
const WORK_FINISH_MS = 2000;

/** Counts `work` (a request being answered) as under way until it settles; shutdownApp waits for it. */
export function holdAppOpen<T>(work: Promise<T>): Promise<T> {
  workUnderWay++;
  return work.finally(() => {
    workUnderWay--;
    if (workUnderWay === 0) workSettled?.();
  });
}

function requestWorkSettled(deadlineMs: number): Promise<void> {
  if (workUnderWay === 0) return Promise.resolve();
  const { promise, resolve } = Promise.withResolvers<void>();
  const timer = setTimeout(resolve, deadlineMs);
  workSettled = () => {
    clearTimeout(timer);
    resolve();
  };
  return promise;
}

/**
 * Waits for requests' work to end (up to WORK_FINISH_MS), stops the jobs
 * (letting a running one finish), closes the database and flushes the log.
 * Safe to call twice.
 */
export async function shutdownApp(): Promise<void> {
  await closeApp?.();
  getLogger().flush();
}

/**
 * Wraps the version reader: when the `ritual` scope has changed since this process last looked (or it
 * never has), the stored ritual is read and the app's config replaced before the request goes on.
 */
function followingTheRitual(
  readVersions: () => Promise<VersionState>,
  db: Db,
  environment: Config,
): () => Promise<VersionState> {
  let seen: number | null = null;
  return async () => {
    const state = await readVersions();
    const current = state.versionOf(scope.ritual);
    if (current !== seen) {
      const ritual = await readRitual(db, environment);
      seen = current;
      if (app) app.config = withRitual(environment, ritual);
    }
    return state;
  };
}

export function getApp(): App {
  if (app) return app;
  const config = getConfig();
  const db = createDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    maxConnections: config.databasePoolMax,
  });
  // CLOCK_OFFSET_SECONDS (tests only) moves the app's time; 0 in normal running.
  const now = () => new Date(Date.now() + config.clockOffsetMs);
  const auth = createAuth(db, { secureCookies: config.secureCookies, cookieName: SESSION_COOKIE, now });
  const readContentVersion = followingTheRitual(
    versionReaderFor(db, { singleProcess: !config.databaseUrl }),
    db,
    config,
  );
  const pageCache = createPageCache(config, { readVersions: readContentVersion, now, auth });
  app = {
    config,
    db,
    auth,
    now,
    readContentVersion,
    federation: createFederationFor({ config, db, now }),
    pageCache,
    pageCacheMiddleware: createPageCacheMiddleware(pageCache),
  };
  const stopJobs = startBackgroundJobs({ config, db, now, federation: app.federation });
  let closing: Promise<void> | null = null;
  // Closing PGlite cleanly avoids crash recovery on the next start.
  // Requests' work and a running job end side by side; then the database closes.
  const settle = async () => void (await Promise.all([requestWorkSettled(WORK_FINISH_MS), stopJobs()]));
  closeApp = () => (closing ??= settle().finally(() => db.destroy()));
  if (!shutdownOwnedByServer) {
    const shutdown = (signal: NodeJS.Signals) => {
      void shutdownApp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 0));
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  }
  return app;
}
