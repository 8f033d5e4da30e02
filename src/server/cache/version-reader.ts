// Reads the content version for requests: one shared query for the requests
// that arrive together, never one that started before a request arrived.
import type { Db } from '../../lib/db.ts';
import { localBumpCount, readVersionState, type VersionState } from '../../lib/content/version.ts';

/**
 * Reads the version with "single flight after arrival": a caller gets a read
 * that started after it asked (so it never misses a write committed before its
 * request), while concurrent callers share one query instead of one each.
 */
export function createVersionReader(
  read: () => Promise<VersionState>,
  options: { singleProcess?: boolean } = {},
): () => Promise<VersionState> {
  let inFlight: Promise<VersionState> | null = null;
  let next: Promise<VersionState> | null = null;
  let memo: { state: VersionState; bumps: number } | null = null;
  if (options.singleProcess) {
    // Only this process can write (the embedded database is locked to it): the
    // version changes only when this process bumps it, or when a scheduled post comes due.
    const shared = createVersionReader(read);
    return async () => {
      const due = memo?.state.nextPublishAt && memo.state.nextPublishAt.getTime() <= Date.now();
      if (memo && memo.bumps === localBumpCount() && !due) return memo.state;
      const bumps = localBumpCount();
      const state = await shared();
      memo = { state, bumps };
      return state;
    };
  }
  const start = (): Promise<VersionState> => {
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

const readers = new WeakMap<object, () => Promise<VersionState>>();

/** The process's shared version reader for a database handle. */
export function versionReaderFor(db: Db, options: { singleProcess: boolean }): () => Promise<VersionState> {
  let reader = readers.get(db);
  if (!reader) {
    reader = createVersionReader(() => readVersionState(db), options);
    readers.set(db, reader);
  }
  return reader;
}
