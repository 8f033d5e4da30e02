// Rendered HTML for anonymous readers, kept in memory and keyed by URL and the
// content version. Readers far outnumber writers: a cached page costs one
// shared version read instead of a render.
import { createHash } from 'node:crypto';

export interface CachedPage {
  version: number;
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  expiresAt: number;
}

export class PageCache {
  readonly #entries = new Map<string, CachedPage>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(options: { maxEntries?: number; maxBytes?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 2000;
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  }

  get(key: string, version: number, now: number): CachedPage | null {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (entry.version !== version || entry.expiresAt <= now) {
      this.#delete(key, entry);
      return null;
    }
    // Refresh its place in the LRU order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, page: CachedPage): void {
    const old = this.#entries.get(key);
    if (old) this.#delete(key, old);
    this.#entries.set(key, page);
    this.#bytes += page.body.byteLength;
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const oldestKey = this.#entries.keys().next().value as string;
      this.#delete(oldestKey, this.#entries.get(oldestKey)!);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  #delete(key: string, entry: CachedPage): void {
    this.#entries.delete(key);
    this.#bytes -= entry.body.byteLength;
  }
}

export function etagFor(body: Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/** True if an If-None-Match header names this ETag. */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
