// Values computed from the database, kept while none of the scopes they depend
// on changed (version.ts): a stale value is never returned.
import { BoundedMap } from './bounded.ts';
import { isFresh, type VersionState } from './version.ts';

const MAX_AGE_MS = 60_000;

interface Entry<T> {
  renderedAt: number;
  expiresAt: number;
  value: Promise<T>;
}

export class VersionedMemo<T> {
  readonly #entries: BoundedMap<Entry<T>>;
  readonly #scopes: readonly string[];
  readonly #sizeOf: (value: T) => number;

  /** `sizeOf` estimates a value's bytes in memory, so the memo stays within `maxBytes`. */
  constructor(options: { scopes: readonly string[]; sizeOf: (value: T) => number; maxBytes: number }) {
    this.#scopes = options.scopes;
    this.#sizeOf = options.sizeOf;
    this.#entries = new BoundedMap({ maxBytes: options.maxBytes });
  }

  get(key: string, state: VersionState, now: number, compute: () => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > now && isFresh(entry.renderedAt, this.#scopes, state)) return entry.value;
    const value = compute();
    const fresh: Entry<T> = {
      renderedAt: state.version,
      expiresAt: Math.min(now + MAX_AGE_MS, state.nextPublishAt?.getTime() ?? Infinity),
      value,
    };
    // Weighs nothing until computed: then its size counts.
    this.#entries.set(key, fresh, 0);
    value.then(
      (v) => this.#entries.grow(key, fresh, this.#sizeOf(v) + key.length),
      () => {
        if (this.#entries.peek(key) === fresh) this.#entries.delete(key);
      },
    );
    return value;
  }
}
