// Rendered pages kept in memory: whole pages for anonymous readers (with their
// brotli and gzip forms, each made once) and skeletons for signed-in readers,
// in one store capped by bytes (PAGE_CACHE_MB), least recently used first out;
// a part may have a budget of its own (search results: one page per query).
// An entry is served only while none of the scopes its page depends on changed
// since it was rendered, and before its time runs out (version.ts, src/server/route-rules.ts).
import { createHash } from 'node:crypto';
import { BoundedMap, Flights } from '../../lib/content/bounded.ts';
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
interface StorePart {
  /** Which store keys belong to it. */
  holds: (key: string) => boolean;
  maxBytes: number;
}

/** Keys whose last rendering's scopes are remembered for joining renders (a few hundred bytes each). */
const MAX_SCOPES_REMEMBERED = 4096;

export class PageStore<T extends Freshness = Freshness> {
  readonly #main: BoundedMap<T>;
  /** Parts apart from the main one: what fills them never pushes the main part's pages out. */
  readonly #apart: { holds: (key: string) => boolean; part: BoundedMap<T> }[];
  readonly #flights = new Flights<T | null>();
  /** The scopes of each key's last rendering (kept or announced), most recent last, bounded in number. */
  readonly #lastScopes = new BoundedMap<readonly string[]>({ maxBytes: MAX_SCOPES_REMEMBERED });

  constructor(options: { maxBytes: number; apart?: StorePart[] }) {
    this.#main = new BoundedMap({ maxBytes: options.maxBytes });
    this.#apart = (options.apart ?? []).map((p) => ({
      holds: p.holds,
      part: new BoundedMap({ maxBytes: p.maxBytes }),
    }));
  }

  /** The main part's budget. */
  set maxBytes(bytes: number) {
    this.#main.maxBytes = bytes;
  }

  #partOf(key: string): BoundedMap<T> {
    for (const { holds, part } of this.#apart) if (holds(key)) return part;
    return this.#main;
  }

  get(key: string, state: VersionState, now: number): T | null {
    const part = this.#partOf(key);
    const entry = part.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now || !isFresh(entry.renderedAt, entry.scopes, state)) {
      part.delete(key);
      return null;
    }
    return entry;
  }

  set(key: string, entry: T): void {
    const part = this.#partOf(key);
    const old = part.peek(key);
    // Never replace a page with one rendered from older data.
    if (old && old.renderedAt > entry.renderedAt) return;
    this.#rememberScopes(key, entry.scopes);
    entry.bytes += 2 * key.length + 200;
    part.set(key, entry, entry.bytes);
  }

  /** Counts bytes an entry took on after it was kept (a compressed form). */
  grow(key: string, entry: T, bytes: number): void {
    entry.bytes += bytes;
    this.#partOf(key).grow(key, entry, bytes);
  }

  /**
   * Single flight, decided in one synchronous step: either a render of `key`
   * already under way will show everything `state` does, and the caller waits
   * for it (`join`), or the caller renders and announces it (`lead`, to be
   * called with what it made). Nothing may come between finding no render and
   * announcing one: requests woken by the same version read run back to back,
   * and each must see the render the first announced.
   *
   * A render read its versions before it started; it serves this request if
   * none of the page's scopes changed after that, as far as `state` knows. The
   * scopes are those of the key's last rendering (a page's scopes do not change
   * from one version to the next); the entry is checked again against `state`
   * when it arrives (null if stale), so a wrong guess costs a render, never a
   * stale page.
   */
  joinOrLead(
    key: string,
    state: VersionState,
  ): { join: Promise<T | null>; lead?: never } | { lead: (entry: T | null) => void; join?: never } {
    const join = this.joinable(key, state);
    return join ? { join } : { lead: this.lead(key, state) };
  }

  /** A render under way that will show what `state` does (see joinOrLead), to wait for; null when none. */
  joinable(key: string, state: VersionState): Promise<T | null> | null {
    const flight = this.#flights.find(key);
    if (!flight || !this.willShow(key, flight.renderedAt, state)) return null;
    return flight.done.then((entry) => (entry && isFresh(entry.renderedAt, entry.scopes, state) ? entry : null));
  }

  /**
   * Whether a rendering of `key` from versions read at `renderedAt` is expected
   * to show everything `state` does: it read them no earlier, or none of the
   * scopes of the key's last rendering changed since. A guess to decide whether
   * to wait for it; what it makes is checked against `state` when it arrives.
   */
  willShow(key: string, renderedAt: number, state: VersionState): boolean {
    if (renderedAt >= state.version) return true;
    const scopes = this.#lastScopes.peek(key);
    return scopes !== undefined && isFresh(renderedAt, scopes, state);
  }

  /** Announces a render of `key` from data read after `state`; call the result with what it made (or null). */
  lead(key: string, state: VersionState): (entry: T | null) => void {
    const { promise, resolve } = Promise.withResolvers<T | null>();
    const flight = this.#flights.start(key, state.version, promise);
    return (entry) => {
      this.#flights.end(key, flight);
      // A render's page tells its scopes even when the store did not keep it (a newer one was there).
      if (entry) this.#rememberScopes(key, entry.scopes);
      resolve(entry);
    };
  }

  #rememberScopes(key: string, scopes: readonly string[]): void {
    this.#lastScopes.set(key, scopes, 1);
  }

  /** Bytes held in every part. */
  get bytes(): number {
    return this.#apart.reduce((n, { part }) => n + part.bytes, this.#main.bytes);
  }

  get size(): number {
    return this.#apart.reduce((n, { part }) => n + part.size, this.#main.size);
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
