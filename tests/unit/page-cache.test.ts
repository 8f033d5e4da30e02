import { describe, expect, it } from 'vitest';
import type { VersionState } from '../../src/lib/content/version.ts';
import { createVersionReader } from '../../src/server/cache/version-reader.ts';
import { PageCache, etagFor, matchesEtag, type CachedPage } from '../../src/server/cache/page-store.ts';

function page(version: number, bytes: number, expiresAt = Infinity): CachedPage {
  const body = new Uint8Array(bytes);
  return { version, status: 200, headers: [], body, etag: etagFor(body), expiresAt };
}

describe('PageCache', () => {
  it('misses when the content version moved or the entry expired', () => {
    const cache = new PageCache();
    cache.set('/a', page(3, 10, 1000));
    expect(cache.get('/a', 3, 999)).not.toBeNull();
    expect(cache.get('/a', 4, 999)).toBeNull();
    cache.set('/a', page(3, 10, 1000));
    expect(cache.get('/a', 3, 1000)).toBeNull();
  });

  it('evicts the least recently used entries beyond its limits', () => {
    const cache = new PageCache({ maxEntries: 2, maxBytes: 100 });
    cache.set('/a', page(1, 10));
    cache.set('/b', page(1, 10));
    cache.get('/a', 1, 0);
    cache.set('/c', page(1, 10));
    expect(cache.get('/b', 1, 0)).toBeNull();
    expect(cache.get('/a', 1, 0)).not.toBeNull();
    cache.set('/big', page(1, 95));
    expect(cache.size).toBe(1);
  });

  it('matches If-None-Match lists and weak tags', () => {
    const tag = etagFor(new Uint8Array([1, 2, 3]));
    expect(matchesEtag(`"x", W/${tag}`, tag)).toBe(true);
    expect(matchesEtag('"other"', tag)).toBe(false);
    expect(matchesEtag(null, tag)).toBe(false);
  });
});

describe('createVersionReader', () => {
  function fakeDatabase() {
    let version = 1;
    let reads = 0;
    const pending: (() => void)[] = [];
    const read = () =>
      new Promise<VersionState>((resolve) => {
        reads++;
        const seen = version; // what a query starting now would see
        pending.push(() => resolve({ version: seen, nextPublishAt: null }));
      });
    return {
      read,
      write: () => version++,
      finishAll: () => pending.splice(0).forEach((f) => f()),
      get reads() {
        return reads;
      },
    };
  }

  it('never answers a caller with a read that started before it asked', async () => {
    const db = fakeDatabase();
    const reader = createVersionReader(db.read);
    const early = reader(); // read #1 starts, sees version 1
    db.write(); // a write commits while read #1 is in flight
    const late = reader(); // must not reuse read #1
    const alsoLate = reader();
    db.finishAll();
    expect((await early).version).toBe(1);
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    db.finishAll();
    expect((await late).version).toBe(2);
    expect((await alsoLate).version).toBe(2);
    // Three callers, two queries: the late ones shared one.
    expect(db.reads).toBe(2);
  });
});
