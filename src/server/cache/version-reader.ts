// Reads the content versions for requests: one shared query for the requests
// that arrive together, never one that started before a request arrived.
import type { Db } from '../../lib/db.ts';
import { localChangeCount, readVersionDelta, ScopeVersions, type VersionState } from '../../lib/content/version.ts';

/** Version reads one process runs side by side at most (a handful of the pool's connections). */
const MAX_READS_IN_FLIGHT = 4;

/**
 * Runs `read` with "single flight after arrival": a caller gets a read that
 * started after it asked (so it never misses a write committed before its
 * request), while the callers of one turn of the event loop share one query.
 * A batch starts as soon as its turn ends, beside reads already under way
 * (waiting for them would cost up to two round trips instead of one), up to
 * `maxInFlight` at once; past that it starts when one of them ends.
 */
export function createVersionReader<T>(read: () => Promise<T>, maxInFlight = MAX_READS_IN_FLIGHT): () => Promise<T> {
  let running = 0;
  /** The callers whose read has not started yet. */
  let waiting: PromiseWithResolvers<T> | null = null;
  let startScheduled = false;
  const start = () => {
    startScheduled = false;
    const batch = waiting;
    if (!batch || running >= maxInFlight) return;
    waiting = null;
    running++;
    read()
      .then(batch.resolve, batch.reject)
      .finally(() => {
        running--;
        if (waiting && !startScheduled) start();
      });
  };
  return () => {
    if (!waiting) {
      waiting = Promise.withResolvers<T>();
      startScheduled = true;
      // After the callers that arrive in this turn have asked, so one read serves them all.
      setImmediate(start);
    }
    return waiting.promise;
  };
}

/**
 * The version reader of one process on one database: each read asks only for
 * the scopes changed since the last, and folds them into what it knows.
 * `singleProcess` (the embedded database, locked to this process): nothing
 * changes unless this process records a change or a scheduled post comes due,
 * so the database is asked only then.
 */
export function createScopedVersionReader(
  db: Db,
  options: { singleProcess?: boolean; now?: () => number; readDelta?: typeof readVersionDelta } = {},
): () => Promise<VersionState> {
  const scopes = new ScopeVersions();
  const now = options.now ?? Date.now;
  const readDelta = options.readDelta ?? readVersionDelta;
  const shared = createVersionReader(async () => {
    const since = scopes.known;
    return scopes.apply(await readDelta(db, since), since);
  });
  if (!options.singleProcess) return shared;
  let memo: { state: VersionState; changes: number } | null = null;
  return async () => {
    const due = memo?.state.nextPublishAt && memo.state.nextPublishAt.getTime() <= now();
    if (memo && memo.changes === localChangeCount() && !due) return memo.state;
    const changes = localChangeCount();
    const state = await shared();
    memo = { state, changes };
    return state;
  };
}

const readers = new WeakMap<object, () => Promise<VersionState>>();

/** The process's shared version reader for a database handle. */
export function versionReaderFor(db: Db, options: { singleProcess: boolean }): () => Promise<VersionState> {
  let reader = readers.get(db);
  if (!reader) {
    reader = createScopedVersionReader(db, options);
    readers.set(db, reader);
  }
  return reader;
}
