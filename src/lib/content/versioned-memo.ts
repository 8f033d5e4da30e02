// Values computed from the database, kept while the content version stands:
// any write bumps the version, so a stale value is never returned.
import type { VersionState } from './version.ts';

const MAX_AGE_MS = 60_000;

export class VersionedMemo<T> {
  readonly #entries = new Map<string, { version: number; expiresAt: number; value: Promise<T> }>();
  readonly #maxEntries: number;

  constructor(maxEntries = 500) {
    this.#maxEntries = maxEntries;
  }

  get(key: string, state: VersionState, now: number, compute: () => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && entry.version === state.version && entry.expiresAt > now) return entry.value;
    const value = compute();
    const expiresAt = Math.min(now + MAX_AGE_MS, state.nextPublishAt?.getTime() ?? Infinity);
    this.#entries.delete(key);
    this.#entries.set(key, { version: state.version, expiresAt, value });
    value.catch(() => this.#entries.delete(key));
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    return value;
  }
}
