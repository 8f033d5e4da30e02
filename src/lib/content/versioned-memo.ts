// Values computed from the database, kept while none of the scopes they depend
// on changed (version.ts): a stale value is never returned.
import { isFresh, type VersionState } from './version.ts';

const MAX_AGE_MS = 60_000;

interface Entry<T> {
  renderedAt: number;
  expiresAt: number;
  value: Promise<T>;
  bytes: number;
}

export class VersionedMemo<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #scopes: readonly string[];
  readonly #sizeOf: (value: T) => number;
  readonly #maxBytes: number;
  #bytes = 0;

  /** `sizeOf` estimates a value's bytes in memory, so the memo stays within `maxBytes`. */
  constructor(options: { scopes: readonly string[]; sizeOf: (value: T) => number; maxBytes: number }) {
    this.#scopes = options.scopes;
    this.#sizeOf = options.sizeOf;
    this.#maxBytes = options.maxBytes;
  }

  get(key: string, state: VersionState, now: number, compute: () => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > now && isFresh(entry.renderedAt, this.#scopes, state)) {
      // Most recently used last: eviction takes the first.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry.value;
    }
    if (entry) this.#drop(key, entry);
    const value = compute();
    const fresh: Entry<T> = {
      renderedAt: state.version,
      expiresAt: Math.min(now + MAX_AGE_MS, state.nextPublishAt?.getTime() ?? Infinity),
      value,
      bytes: 0,
    };
    this.#entries.set(key, fresh);
    value.then(
      (v) => {
        if (this.#entries.get(key) !== fresh) return;
        fresh.bytes = this.#sizeOf(v) + key.length;
        this.#bytes += fresh.bytes;
        while (this.#bytes > this.#maxBytes && this.#entries.size > 0) {
          const oldest = this.#entries.keys().next().value as string;
          this.#drop(oldest, this.#entries.get(oldest)!);
        }
      },
      () => {
        if (this.#entries.get(key) === fresh) this.#drop(key, fresh);
      },
    );
    return value;
  }

  #drop(key: string, entry: Entry<T>): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}
