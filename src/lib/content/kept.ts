// Values read or rendered from the database, kept in memory while none of the
// scopes they depend on changed (version.ts), within a byte budget, least
// recently used first out. Concurrent callers share one load ("single flight")
// when that load is fresh enough for them; a stale value is never returned.
import { BoundedMap, Flights } from './bounded.ts';
import { isFresh, type VersionState } from './version.ts';

interface Kept<V> {
  renderedAt: number;
  value: V;
}

export class KeptValues<V> {
  readonly #entries: BoundedMap<Kept<V>>;
  readonly #loading = new Flights<V>();
  readonly #sizeOf: (value: V) => number;

  /** `sizeOf` estimates a value's bytes in memory. */
  constructor(options: { maxBytes: number; sizeOf: (value: V) => number }) {
    this.#entries = new BoundedMap({ maxBytes: options.maxBytes });
    this.#sizeOf = options.sizeOf;
  }

  /** The kept value if still fresh for `state`, without loading. */
  peek(key: string, scopes: readonly string[], state: VersionState): V | undefined {
    const kept = this.#entries.get(key);
    if (!kept) return undefined;
    if (!isFresh(kept.renderedAt, scopes, state)) {
      this.#entries.delete(key);
      return undefined;
    }
    return kept.value;
  }

  /** The kept value, or a load started after `state` was read (shared with others it is fresh for). */
  async get(key: string, scopes: readonly string[], state: VersionState, load: () => Promise<V>): Promise<V> {
    const kept = this.peek(key, scopes, state);
    if (kept !== undefined) return kept;
    const loading = this.#loading.find(key);
    if (loading && isFresh(loading.renderedAt, scopes, state)) return loading.done;
    const flight = this.#loading.start(key, state.version, load());
    const loaded = await flight.done;
    const current = this.#entries.peek(key);
    // A newer value may have landed meanwhile: keep the newer.
    if (!current || current.renderedAt <= flight.renderedAt) this.set(key, flight.renderedAt, loaded);
    return loaded;
  }

  /** Keeps a value rendered from data read after version `renderedAt`. */
  set(key: string, renderedAt: number, value: V): void {
    this.#entries.set(key, { renderedAt, value }, this.#sizeOf(value) + 2 * key.length + 64);
  }

  /** Counts memory a kept value took on after it was kept (e.g. a rendering added to it). */
  grow(key: string, value: V, bytes: number): void {
    const kept = this.#entries.peek(key);
    if (kept && kept.value === value) this.#entries.grow(key, kept, bytes);
  }

  get bytes(): number {
    return this.#entries.bytes;
  }

  get size(): number {
    return this.#entries.size;
  }
}
