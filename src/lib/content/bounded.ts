// The two pieces every in-memory cache here is made of: a map bounded by a
// budget (bytes, or a count when each entry weighs 1), least recently used
// first out, and single flight (callers who want what a load under way will
// make wait for it instead of loading again). Pages, kept values, memos,
// compressed fills and renders under way all use these two, nothing else.

/** A map within `maxBytes`, least recently used first out; an entry's weight may grow after it is set. */
export class BoundedMap<V> {
  readonly #entries = new Map<string, { value: V; bytes: number }>();
  readonly #onEvict: ((key: string, value: V) => void) | undefined;
  #maxBytes: number;
  #bytes = 0;

  constructor(options: { maxBytes: number; onEvict?: (key: string, value: V) => void }) {
    this.#maxBytes = options.maxBytes;
    this.#onEvict = options.onEvict;
  }

  /** The value, made most recently used. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** The value, leaving its place in the order as it is. */
  peek(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
    this.#evict();
  }

  /** Counts bytes `value` took on after it was set; nothing when `key` holds something else now. */
  grow(key: string, value: V, bytes: number): void {
    const entry = this.#entries.get(key);
    if (!entry || entry.value !== value) return;
    entry.bytes += bytes;
    this.#bytes += bytes;
    this.#evict();
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  get maxBytes(): number {
    return this.#maxBytes;
  }

  set maxBytes(bytes: number) {
    this.#maxBytes = bytes;
    this.#evict();
  }

  #evict(): void {
    while (this.#bytes > this.#maxBytes && this.#entries.size > 0) {
      const oldest = this.#entries.keys().next().value as string;
      const { value } = this.#entries.get(oldest)!;
      this.delete(oldest);
      this.#onEvict?.(oldest, value);
    }
  }
}

/** A load under way: what it read its data after, and what it will make. */
interface Flight<T> {
  renderedAt: number;
  done: Promise<T>;
}

/**
 * Single flight by key: at most one load of a key is announced at a time (the
 * latest); callers decide whether it is fresh enough for them (its
 * `renderedAt`) and wait for it, or start their own. A flight ends when its
 * promise settles, or earlier when its owner says so (`end`).
 */
export class Flights<T> {
  readonly #flights = new Map<string, Flight<T>>();

  find(key: string): Flight<T> | undefined {
    return this.#flights.get(key);
  }

  start(key: string, renderedAt: number, done: Promise<T>): Flight<T> {
    const flight = { renderedAt, done };
    this.#flights.set(key, flight);
    const end = () => this.end(key, flight);
    done.then(end, end);
    return flight;
  }

  /** Ends `flight` now (nothing if a later one replaced it). */
  end(key: string, flight: Flight<T>): void {
    if (this.#flights.get(key) === flight) this.#flights.delete(key);
  }
}
