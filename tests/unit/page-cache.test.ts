import { describe, expect, it } from 'vitest';
import { ANY_CHANGE } from '../../src/lib/content/scopes.ts';
import { isFresh, ScopeVersions, type VersionState } from '../../src/lib/content/version.ts';
import { createVersionReader } from '../../src/server/cache/version-reader.ts';
import { PageStore, etagFor, matchesEtag, type Freshness } from '../../src/server/cache/page-store.ts';

/** An entry rendered at `version` that depends on any change, of `bytes` bytes. */
function page(version: number, bytes: number, expiresAt = Infinity): Freshness {
  return { renderedAt: version, scopes: [ANY_CHANGE], expiresAt, bytes };
}

/** Versions as a request read them: nothing known about single scopes. */
function at(version: number): VersionState {
  return { version, nextPublishAt: null, versionOf: () => version };
}

/** An entry's bytes as the store counts them: its own, plus its key and bookkeeping. */
const counted = (key: string, bytes: number) => bytes + 2 * key.length + 200;

describe('PageStore', () => {
  it('misses when the content version moved or the entry expired', () => {
    const cache = new PageStore({ maxBytes: 1e6 });
    cache.set('/a', page(3, 10, 1000));
    expect(cache.get('/a', at(3), 999)).not.toBeNull();
    expect(cache.get('/a', at(4), 999)).toBeNull();
    cache.set('/a', page(3, 10, 1000));
    expect(cache.get('/a', at(3), 1000)).toBeNull();
  });

  it("keeps a part apart: filling it evicts only its own entries, never the main part's", () => {
    const entry = counted('s 1', 10);
    const cache = new PageStore({
      maxBytes: 2 * entry,
      apart: [{ holds: (key) => key.startsWith('s '), maxBytes: 2 * entry }],
    });
    cache.set('/a', page(1, 10));
    cache.set('/b', page(1, 10));
    for (let i = 0; i < 9; i++) cache.set(`s ${i}`, page(1, 10));
    expect(cache.get('/a', at(1), 0)).not.toBeNull();
    expect(cache.get('/b', at(1), 0)).not.toBeNull();
    // The part keeps its two most recent entries.
    expect(['s 6', 's 7', 's 8'].map((k) => cache.get(k, at(1), 0) !== null)).toEqual([false, true, true]);
    expect(cache.size).toBe(4);
    expect(cache.bytes).toBe(2 * counted('/a', 10) + 2 * entry);
    // The main part evicts within itself too.
    cache.set('/c', page(1, 10));
    expect(cache.get('/a', at(1), 0)).toBeNull();
    expect(cache.get('s 8', at(1), 0)).not.toBeNull();
  });

  it('evicts the least recently used entries beyond its byte limit', () => {
    const cache = new PageStore({ maxBytes: 3 * counted('/a', 10) - 1 });
    cache.set('/a', page(1, 10));
    cache.set('/b', page(1, 10));
    cache.get('/a', at(1), 0);
    cache.set('/c', page(1, 10));
    expect(cache.get('/b', at(1), 0)).toBeNull();
    expect(cache.get('/a', at(1), 0)).not.toBeNull();
    cache.set('/big', page(1, 2 * counted('/a', 10)));
    expect(cache.size).toBe(1);
  });

  it('lets one of many requests arriving together render a page, and the others wait for it', async () => {
    const cache = new PageStore({ maxBytes: 1e6 });
    // Sixteen requests woken by one version read decide back to back, with nothing in between.
    const turns = Array.from({ length: 16 }, () => cache.joinOrLead('/a', at(5)));
    expect(turns.filter((t) => t.lead)).toHaveLength(1);
    const made = page(5, 10);
    turns.find((t) => t.lead)!.lead!(made);
    for (const turn of turns.filter((t) => t.join)) expect(await turn.join).toBe(made);
  });

  it('joins a render from before unrelated changes, never one from before a change the page shows', async () => {
    const cache = new PageStore({ maxBytes: 1e6 });
    /** Versions where the site moved to 9, and the scopes in `changed` last changed at 9 (others at 1). */
    const after = (changed: string[]): VersionState => ({
      version: 9,
      nextPublishAt: null,
      versionOf: (s) => (changed.includes(s) ? 9 : 1),
    });
    const onPost = (version: number): Freshness => ({
      renderedAt: version,
      scopes: ['post:1'],
      expiresAt: Infinity,
      bytes: 1,
    });
    // A first rendering tells the store which scopes the page shows.
    cache.joinOrLead('/p', at(1)).lead!(onPost(1));
    const first = cache.joinOrLead('/p', at(5));
    expect(first.lead).toBeDefined();
    // A wish elsewhere (board scope) moved the site to 9: the render from 5 still shows all the post does.
    const unrelated = cache.joinOrLead('/p', after(['board:x']));
    expect(unrelated.join).toBeDefined();
    // A comment on this post at 9: the render from 5 lacks it, so this request renders.
    const related = cache.joinOrLead('/p', after(['post:1']));
    expect(related.lead).toBeDefined();
    first.lead!(onPost(5));
    expect(await unrelated.join).toMatchObject({ renderedAt: 5 });
    related.lead!(onPost(9));
  });

  it("expects a rendering to show a reader's changes by the scopes the page last showed, kept or announced", () => {
    const cache = new PageStore({ maxBytes: 1e6 });
    const after = (changed: string[]): VersionState => ({
      version: 9,
      nextPublishAt: null,
      versionOf: (s) => (changed.includes(s) ? 9 : 1),
    });
    // Nothing known of the page yet: only a rendering from versions no older than the reader's will do.
    expect(cache.willShow('r reader /p', 5, after(['board:x']))).toBe(false);
    expect(cache.willShow('r reader /p', 9, after(['post:1']))).toBe(true);
    // Once a skeleton showing the post was kept (signed-in readers' pages are kept, never announced):
    cache.set('r reader /p', { renderedAt: 1, scopes: ['post:1'], expiresAt: Infinity, bytes: 1 });
    expect(cache.willShow('r reader /p', 5, after(['board:x']))).toBe(true);
    expect(cache.willShow('r reader /p', 5, after(['post:1']))).toBe(false);
  });

  it('gives a joiner nothing when the render it waited for turned out stale for it', async () => {
    const cache = new PageStore({ maxBytes: 1e6 });
    const leader = cache.joinOrLead('/a', at(5));
    const joiner = cache.joinOrLead('/a', at(5));
    // The page, once rendered, says it shows the post; the late joiner's versions (read later) moved on.
    let seen = 5;
    const moving: VersionState = { version: 5, nextPublishAt: null, versionOf: () => seen };
    const late = cache.joinOrLead('/a', moving);
    seen = 7;
    leader.lead!({ renderedAt: 5, scopes: ['post:1'], expiresAt: Infinity, bytes: 1 });
    expect(await joiner.join).not.toBeNull();
    expect(await late.join).toBeNull();
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
      new Promise<{ version: number; nextPublishAt: null }>((resolve) => {
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

  /** One turn of the event loop: batches start after the turn in which their callers asked. */
  const turn = () => new Promise((r) => setImmediate(r));

  it('never answers a caller with a read that started before it asked', async () => {
    const db = fakeDatabase();
    const reader = createVersionReader(db.read);
    const early = reader();
    await turn(); // read #1 starts, sees version 1
    db.write(); // a write commits while read #1 is in flight
    const late = reader(); // must not reuse read #1
    const alsoLate = reader();
    db.finishAll();
    expect((await early).version).toBe(1);
    await turn();
    db.finishAll();
    expect((await late).version).toBe(2);
    expect((await alsoLate).version).toBe(2);
    // Three callers, two queries: the late ones shared one.
    expect(db.reads).toBe(2);
  });

  it('shares one read among the callers of one turn', async () => {
    const db = fakeDatabase();
    const reader = createVersionReader(db.read);
    const callers = Array.from({ length: 20 }, () => reader());
    await turn();
    db.finishAll();
    expect((await Promise.all(callers)).every((s) => s.version === 1)).toBe(true);
    expect(db.reads).toBe(1);
  });

  it('starts a new batch beside a read under way, not after it', async () => {
    const db = fakeDatabase();
    const reader = createVersionReader(db.read);
    const first = reader();
    await turn();
    db.write();
    const second = reader();
    await turn();
    // Read #1 has not ended, yet the second caller's read is already running.
    expect(db.reads).toBe(2);
    db.finishAll();
    expect((await first).version).toBe(1);
    expect((await second).version).toBe(2);
  });

  it('runs at most maxInFlight reads; a batch past that starts when one ends, after its callers asked', async () => {
    const db = fakeDatabase();
    const reader = createVersionReader(db.read, 2);
    const a = reader();
    await turn();
    const b = reader();
    await turn();
    db.write();
    const c = reader();
    const alsoC = reader();
    await turn();
    expect(db.reads).toBe(2); // c waits for a free slot
    db.write();
    db.finishAll(); // a and b end; c's read starts now and sees both writes
    await turn();
    expect(db.reads).toBe(3);
    db.finishAll();
    expect((await a).version).toBe(1);
    expect((await b).version).toBe(1);
    expect((await c).version).toBe(3);
    expect(await alsoC).toBe(await c);
  });

  it('fails only the callers of a read that failed', async () => {
    let calls = 0;
    const reader = createVersionReader(async () => {
      calls++;
      if (calls === 1) throw new Error('connection lost');
      return calls;
    });
    await expect(reader()).rejects.toThrow('connection lost');
    expect(await reader()).toBe(2);
  });
});

describe('ScopeVersions with reads that overlap', () => {
  const delta = (version: number, changed: [string, number][] = []) => ({ version, nextPublishAt: null, changed });

  it('keeps every change whichever read ends first', () => {
    const scopes = new ScopeVersions();
    scopes.apply(delta(10), null);
    // Two reads from 10: the later-started one (seeing 14) ends first.
    scopes.apply(
      delta(14, [
        ['post:1', 12],
        ['board:x', 14],
      ]),
      10,
    );
    const state = scopes.apply(delta(12, [['post:1', 12]]), 10);
    expect(state.versionOf('post:1')).toBe(12);
    expect(state.versionOf('board:x')).toBe(14);
    expect(state.versionOf('post:2')).toBe(10);
    expect(scopes.known).toBe(14);
  });

  it('counts what two first reads saw apart as a change of every scope', () => {
    const scopes = new ScopeVersions();
    const first = scopes.apply(delta(5), null);
    // A second read from nothing saw version 9: it cannot say what changed after 5.
    scopes.apply(delta(9), null);
    expect(first.versionOf('post:1')).toBe(9);
    // A page rendered at 6 may miss a change up to 9: it is not fresh.
    expect(isFresh(6, ['post:1'], first)).toBe(false);
    expect(isFresh(9, ['post:1'], first)).toBe(true);
  });
});
