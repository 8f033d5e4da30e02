// The content version: one number in the database that every write readers
// could see bumps. Cached pages are keyed by it, so a change made through any
// app process is seen by every process on the very next request.
import { sql } from 'kysely';
import type { Db } from '../db.ts';

export interface VersionState {
  version: number;
  /** When something becomes visible by time alone (a scheduled post); null if nothing is due. */
  nextPublishAt: Date | null;
}

export async function readVersionState(db: Db): Promise<VersionState> {
  const row = await db
    .selectFrom('site_state')
    .select((eb) => [
      'content_version',
      eb
        .selectFrom('posts')
        .select((p) => p.fn.min('published_at').as('next'))
        .where('status', '<>', 'draft')
        .where('published_at', '>', sql<Date>`now()`)
        .as('next_publish_at'),
    ])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { version: Number(row.content_version), nextPublishAt: (row.next_publish_at as Date | null) ?? null };
}

/** Writes bumped by this process; lets a single-process reader skip the database. */
let localBumps = 0;

export async function bumpContentVersion(db: Db): Promise<void> {
  localBumps++;
  await db
    .updateTable('site_state')
    .set((eb) => ({ content_version: eb('content_version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

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
      if (memo && memo.bumps === localBumps && !due) return memo.state;
      const bumps = localBumps;
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
