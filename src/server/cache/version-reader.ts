// Reads the content versions for requests: one shared query for the requests
// that arrive together, never one that started before a request arrived.
import type { Db } from '../../lib/db.ts';
import { localChangeCount, readVersionDelta, ScopeVersions, type VersionState } from '../../lib/content/version.ts';

/**
 * Runs `read` with "single flight after arrival": a caller gets a read that
 * started after it asked (so it never misses a write committed before its
 * request), while concurrent callers share one query instead of one each.
 * Reads never overlap, so each one may start from what the previous one learnt.
 */
export function createVersionReader<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const p = read().finally(() => {
      if (inFlight === p) inFlight = null;
    });
    inFlight = p;
    return p;
  };
  return () => {
    if (!inFlight) return start();
    // A read already running may have started before this request: queue one more, shared by all who wait.
    next ??= inFlight
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    return next;
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
  const shared = createVersionReader(async () => scopes.apply(await readDelta(db, scopes.known)));
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
