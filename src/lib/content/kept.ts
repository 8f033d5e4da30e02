// Values read or rendered from the database, kept in memory while none of the
// scopes they depend on changed (version.ts), within a byte budget, least
// recently used first out. Concurrent callers share one load ("single flight")
// when that load is fresh enough for them; a stale value is never returned.
import { isFresh, type VersionState } from './version.ts';

interface Kept<V> {
  renderedAt: number;
  value: V;
  bytes: number;
}

export class KeptValues<V> {
  readonly #entries = new Map<string, Kept<V>>();
  readonly #loading = new Map<string, { renderedAt: number; value: Promise<V> }>();
  readonly #sizeOf: (value: V) => number;
  readonly #maxBytes: number;
  #bytes = 0;

  /** `sizeOf` estimates a value's bytes in memory. */
  constructor(options: { maxBytes: number; sizeOf: (value: V) => number }) {
    this.#maxBytes = options.maxBytes;
    this.#sizeOf = options.sizeOf;
  }

  /** The kept value if still fresh for `state`, without loading. */
  peek(key: string, scopes: readonly string[], state: VersionState): V | undefined {
    const kept = this.#entries.get(key);
    if (!kept) return undefined;
    if (!isFresh(kept.renderedAt, scopes, state)) {
      this.#drop(key, kept);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, kept);
    return kept.value;
  }

  /** The kept value, or a load started after `state` was read (shared with others it is fresh for). */
  async get(key: string, scopes: readonly string[], state: VersionState, load: () => Promise<V>): Promise<V> {
    const kept = this.peek(key, scopes, state);
    if (kept !== undefined) return kept;
    const loading = this.#loading.get(key);
    if (loading && isFresh(loading.renderedAt, scopes, state)) return loading.value;
    const value = load();
    const flight = { renderedAt: state.version, value };
    this.#loading.set(key, flight);
    try {
      const loaded = await value;
      const current = this.#entries.get(key);
      // A newer value may have landed meanwhile: keep the newer.
      if (!current || current.renderedAt <= flight.renderedAt) this.set(key, flight.renderedAt, loaded);
      return loaded;
    } finally {
      if (this.#loading.get(key) === flight) this.#loading.delete(key);
    }
  }

  /** Keeps a value rendered from data read after version `renderedAt`. */
  set(key: string, renderedAt: number, value: V): void {
    const old = this.#entries.get(key);
    if (old) this.#drop(key, old);
    const kept = { renderedAt, value, bytes: this.#sizeOf(value) + 2 * key.length + 64 };
    this.#entries.set(key, kept);
    this.#bytes += kept.bytes;
    this.#evict();
  }

  /** Counts memory a kept value took on after it was kept (e.g. a rendering added to it). */
  grow(key: string, value: V, bytes: number): void {
    const kept = this.#entries.get(key);
    if (!kept || kept.value !== value) return;
    kept.bytes += bytes;
    this.#bytes += bytes;
    this.#evict();
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  #evict(): void {
    while (this.#bytes > this.#maxBytes && this.#entries.size > 0) {
      const oldest = this.#entries.keys().next().value as string;
      this.#drop(oldest, this.#entries.get(oldest)!);
    }
  }

  #drop(key: string, kept: Kept<V>): void {
    this.#entries.delete(key);
    this.#bytes -= kept.bytes;
  }
}
