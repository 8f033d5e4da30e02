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

/** How many bumps this process has made: a single-process reader may skip the database while it stands. */
export function localBumpCount(): number {
  return localBumps;
}
