// The rule, owned here alone: a domain service records what changed, in the
// transaction that makes the change, with the scopes readers see it in (scopes.ts),
// and only when something a reader can see changed — nothing else bumps versions.
//
// Every recorded change takes the next site-wide number (site_state.content_version,
// whose row lock orders changes as they commit) and stamps it on each scope it
// touched (content_scopes). A reader asks "what changed since the number I know",
// in one query, so a change made through any process is seen by every process on
// its next request, while a page depends only on the scopes it shows.
import type { Db } from '../db.ts';
import { ANY_CHANGE, EVERYTHING } from './scopes.ts';
import { bumpScopeVersions, selectVersionDelta } from './version-repo.ts';

/** What one request knows of the content: read after the request arrived. */
export interface VersionState {
  /** The site-wide change number: every recorded change raised it. */
  version: number;
  /** When something becomes visible by time alone (a scheduled post); null if nothing is due. */
  nextPublishAt: Date | null;
  /** The number of the last change to this scope, as far as this process knows (never lower). */
  versionOf: (scope: string) => number;
}

/** Writes recorded by this process; lets a single-process reader skip the database. */
let localChanges = 0;

/** Records a change readers can see. Call it inside the transaction that makes the change. */
export async function recordChange(trx: Db, scopes: readonly string[]): Promise<void> {
  const unique = [...new Set(scopes)].filter((s) => s !== ANY_CHANGE);
  if (unique.length === 0) return;
  await bumpScopeVersions(trx, unique);
  // Counted once written: a single-process read that starts later sees it (see version-reader.ts).
  localChanges++;
}

/** How many changes this process has recorded: a single-process reader may skip the database while it stands. */
export function localChangeCount(): number {
  return localChanges;
}

interface VersionDelta {
  version: number;
  nextPublishAt: Date | null;
  /** Scopes changed after `since`, with the number of their last change. */
  changed: [scope: string, version: number][];
}

/**
 * One query: the site-wide number, the next scheduled post, and what changed
 * after `since` (nothing when null). The SQL lives in the database function
 * `content_version_delta` (db/migrations/20261127_1000_version_delta_function.ts),
 * so its plan is kept instead of made again on every read.
 */
export async function readVersionDelta(db: Db, since: number | null): Promise<VersionDelta> {
  const row = await selectVersionDelta(db, since);
  const changed = (typeof row.changed === 'string' ? JSON.parse(row.changed) : row.changed) as [string, number][];
  return {
    version: Number(row.version),
    nextPublishAt: row.next_publish_at ?? null,
    changed: changed.map(([s, v]) => [s, Number(v)]),
  };
}

/** Announces an edit made outside the app: every process drops what it keeps on its next version read. */
export async function recordEverythingChanged(db: Db): Promise<void> {
  await db.transaction().execute((trx) => recordChange(trx, [EVERYTHING]));
}

/**
 * What this process knows of every scope's last change, fed by successive
 * deltas. It starts knowing nothing before its first read (`floor`): a page
 * is only ever cached after that, so older history is never needed.
 *
 * Caches follow the database whatever changed it. A change of `EVERYTHING`
 * (`npm run cache:flush`) counts as a change of every scope. A site-wide
 * number lower than one already known (a backup restored, a failover to a
 * replica that lost recent commits) means what was kept may show a history
 * the database no longer has: every scope counts as changed, and the numbers
 * handed out go on from above all those seen (`offset`), so nothing rendered
 * before can pass for fresh.
 */
export class ScopeVersions {
  /** The database's number known, the `since` of the next read. */
  #known: number | null = null;
  /** Added to the database's numbers to give this process's, which never go back. */
  #offset = 0;
  #floor = 0;
  readonly #last = new Map<string, number>();
  readonly #maxScopes: number;

  constructor(options: { maxScopes?: number } = {}) {
    this.#maxScopes = options.maxScopes ?? 20_000;
  }

  /** The `since` for the next read. */
  get known(): number | null {
    return this.#known;
  }

  /**
   * Folds in a read made from `since` (reads may overlap and end in any order:
   * each lists every change after its own `since`, which was known when it began).
   */
  apply(delta: VersionDelta, since: number | null = this.#known): VersionState {
    if (since !== null && delta.version < since) this.#startOver(delta.version);
    const offset = this.#offset;
    // A read from nothing lists no changes: what it saw beyond what is known counts as a change of every scope.
    if (since === null && delta.version > (this.#known ?? -Infinity)) this.#floor = delta.version + offset;
    for (const [s, v] of delta.changed) {
      if (s === EVERYTHING) this.#floor = Math.max(this.#floor, v + offset);
      else if ((this.#last.get(s) ?? 0) < v + offset) this.#last.set(s, v + offset);
    }
    this.#known = Math.max(this.#known ?? 0, delta.version);
    if (this.#last.size > this.#maxScopes) {
      // Forget the details, not the fact: everything cached before now counts as changed.
      this.#last.clear();
      this.#floor = this.#known + offset;
    }
    return {
      version: delta.version + offset,
      nextPublishAt: delta.nextPublishAt,
      // Live, so a later read only ever makes an answer more cautious.
      versionOf: (s) => Math.max(this.#last.get(s) ?? 0, this.#floor),
    };
  }

  /** The database went back to `version`: everything known counts as changed, and numbering goes on from above it. */
  #startOver(version: number): void {
    const highest = Math.max((this.#known ?? 0) + this.#offset, this.#floor, ...this.#last.values());
    this.#offset = highest + 1 - version;
    this.#last.clear();
    this.#floor = version + this.#offset;
    this.#known = version;
  }
}

/** True when nothing a page (or a kept value) depends on changed after it was rendered at `renderedAt`. */
export function isFresh(renderedAt: number, scopes: readonly string[], state: VersionState): boolean {
  for (const s of scopes) {
    if ((s === ANY_CHANGE ? state.version : state.versionOf(s)) > renderedAt) return false;
  }
  return true;
}
