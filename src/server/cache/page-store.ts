// Rendered pages kept in memory: whole pages for anonymous readers (with their
// brotli and gzip forms, each made once) and skeletons for signed-in readers,
// in one store capped by bytes (PAGE_CACHE_MB), least recently used first out;
// a part may have a budget of its own (search results: one page per query).
// An entry is served only while none of the scopes its page depends on changed
// since it was rendered, and before its time runs out (version.ts, rules.ts).
import { createHash } from 'node:crypto';
import { isFresh, type VersionState } from '../../lib/content/version.ts';
import { compressBody, type Encoding } from './compression.ts';

/** What every entry carries: when it was rendered and what would make it stale. */
export interface Freshness {
  /** The change number read before rendering: the page shows every change up to it. */
  renderedAt: number;
  scopes: readonly string[];
  expiresAt: number;
  /** Bytes it holds, counted against the store's cap. */
  bytes: number;
}

export interface Variant {
  body: Buffer;
  etag: string;
}

export interface CachedPage extends Freshness {
  kind: 'page';
  status: number;
  /** Without length, encoding, ETag and Vary: those follow the encoding sent. */
  headers: [string, string][];
  identity: Variant;
  /** Compressed forms, made on first demand, once. */
  encoded: Partial<Record<'br' | 'gzip', Promise<Variant>>>;
}

/** A part of the store with a byte budget of its own (e.g. search results, one page per query). */
export interface StorePart {
  /** Which store keys belong to it. */
  holds: (key: string) => boolean;
  maxBytes: number;
}

interface Part<T> {
  entries: Map<string, T>;
  bytes: number;
  maxBytes: number;
}

export class PageStore<T extends Freshness = Freshness> {
  readonly #main: Part<T>;
  /** Parts apart from the main one: what fills them never pushes the main part's pages out. */
  readonly #apart: { holds: (key: string) => boolean; part: Part<T> }[];
  readonly #flights = new Map<string, { renderedAt: number; done: Promise<T | null> }>();

  constructor(options: { maxBytes: number; apart?: StorePart[] }) {
    this.#main = { entries: new Map(), bytes: 0, maxBytes: options.maxBytes };
    this.#apart = (options.apart ?? []).map((p) => ({
      holds: p.holds,
      part: { entries: new Map(), bytes: 0, maxBytes: p.maxBytes },
    }));
  }

  /** The main part's budget. */
  set maxBytes(bytes: number) {
    this.#main.maxBytes = bytes;
    this.#evict(this.#main);
  }

  #partOf(key: string): Part<T> {
    for (const { holds, part } of this.#apart) if (holds(key)) return part;
    return this.#main;
  }

  get(key: string, state: VersionState, now: number): T | null {
    const part = this.#partOf(key);
    const entry = part.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now || !isFresh(entry.renderedAt, entry.scopes, state)) {
      this.#delete(part, key, entry);
      return null;
    }
    // Refresh its place in the LRU order.
    part.entries.delete(key);
    part.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: T): void {
    const part = this.#partOf(key);
    const old = part.entries.get(key);
    // Never replace a page with one rendered from older data.
    if (old && old.renderedAt > entry.renderedAt) return;
    if (old) this.#delete(part, key, old);
    entry.bytes += 2 * key.length + 200;
    part.entries.set(key, entry);
    part.bytes += entry.bytes;
    this.#evict(part);
  }

  /** Counts bytes an entry took on after it was kept (a compressed form). */
  grow(key: string, entry: T, bytes: number): void {
    entry.bytes += bytes;
    const part = this.#partOf(key);
    if (part.entries.get(key) !== entry) return;
    part.bytes += bytes;
    this.#evict(part);
  }

  /**
   * A render of this key already under way that shows everything `state` does
   * (it read its versions no earlier), to wait for instead of rendering again.
   */
  joinable(key: string, state: VersionState): Promise<T | null> | null {
    const flight = this.#flights.get(key);
    return flight && flight.renderedAt >= state.version ? flight.done : null;
  }

  /** Announces a render of `key` from data read after `state`; call the result with what it made (or null). */
  lead(key: string, state: VersionState): (entry: T | null) => void {
    let finish!: (entry: T | null) => void;
    const flight = { renderedAt: state.version, done: new Promise<T | null>((r) => (finish = r)) };
    this.#flights.set(key, flight);
    return (entry) => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
      finish(entry);
    };
  }

  /** Bytes held in every part. */
  get bytes(): number {
    return this.#apart.reduce((n, { part }) => n + part.bytes, this.#main.bytes);
  }

  get size(): number {
    return this.#apart.reduce((n, { part }) => n + part.entries.size, this.#main.entries.size);
  }

  #evict(part: Part<T>): void {
    while (part.bytes > part.maxBytes && part.entries.size > 0) {
      const oldestKey = part.entries.keys().next().value as string;
      this.#delete(part, oldestKey, part.entries.get(oldestKey)!);
    }
  }

  #delete(part: Part<T>, key: string, entry: T): void {
    part.entries.delete(key);
    part.bytes -= entry.bytes;
  }
}

export function etagFor(body: Uint8Array, encoding: Encoding = 'identity'): string {
  const hash = createHash('sha1').update(body).digest('base64url').slice(0, 22);
  // One tag per encoding of the same page: caches must not hand gzip to a client that asked for none.
  return encoding === 'identity' ? `"${hash}"` : `"${hash}-${encoding}"`;
}

/** A page's form in an encoding: compressed on first demand, then kept beside it. */
export function variantOf(
  store: PageStore<CachedPage> | null,
  key: string,
  page: CachedPage,
  encoding: Encoding,
): Promise<Variant> | Variant {
  if (encoding === 'identity') return page.identity;
  let variant = page.encoded[encoding];
  if (!variant) {
    variant = compressBody(page.identity.body, encoding).then((body) => {
      store?.grow(key, page, body.byteLength);
      return { body, etag: etagFor(page.identity.body, encoding) };
    });
    page.encoded[encoding] = variant;
  }
  return variant;
}

/** True if an If-None-Match header names this ETag. */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
