// Fedify's key–value store and message queue over our database: the same
// behaviour on PGlite and PostgreSQL, shared by several handles (processes).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/db.ts';
import { DbKvStore, pruneExpired } from '../../src/lib/federation/kv-repo.ts';
import { DbMessageQueue } from '../../src/lib/federation/queue.ts';
import { durationOf } from '../../src/lib/federation/time.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const seconds = (n: number) => durationOf(n * 1000);

describe.each(dbTargets)('federation store on %s', (target) => {
  let t: TestDatabase;
  let clock: Date;
  const now = () => clock;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    clock = new Date('2026-12-06T12:00:00Z');
    await t.db.deleteFrom('fediverse_kv').execute();
    await t.db.deleteFrom('fediverse_queue').execute();
  });

  describe('key–value store', () => {
    it('sets, gets, overwrites and deletes JSON values under array keys', async () => {
      const kv = new DbKvStore(t.db, now);
      expect(await kv.get(['a', 'b'])).toBeUndefined();
      await kv.set(['a', 'b'], { id: 'https://x.example/1', list: [1, 'two', null] });
      await kv.set(['a'], ['an', 'array']);
      await kv.set(['a', 'c'], true);
      expect(await kv.get(['a', 'b'])).toEqual({ id: 'https://x.example/1', list: [1, 'two', null] });
      expect(await kv.get(['a'])).toEqual(['an', 'array']);
      await kv.set(['a', 'b'], 'replaced');
      expect(await kv.get(['a', 'b'])).toBe('replaced');
      await kv.delete(['a', 'b']);
      expect(await kv.get(['a', 'b'])).toBeUndefined();
      expect(await kv.get(['a', 'c'])).toBe(true);
    });

    it('forgets a value once its time to live has passed, and prunes it', async () => {
      const kv = new DbKvStore(t.db, now);
      await kv.set(['k'], 1, { ttl: seconds(60) });
      clock = new Date(clock.getTime() + 59_000);
      expect(await kv.get(['k'])).toBe(1);
      clock = new Date(clock.getTime() + 2000);
      expect(await kv.get(['k'])).toBeUndefined();
      expect([]).toEqual(await Array.fromAsync(kv.list(['k'])));
      expect(await pruneExpired(t.db, clock)).toBe(1);
      expect(await t.db.selectFrom('fediverse_kv').selectAll().execute()).toEqual([]);
    });

    it('lists the entries under a prefix, and only those', async () => {
      const kv = new DbKvStore(t.db, now);
      await kv.set(['p', 'x'], 1);
      await kv.set(['p', 'y', 'z'], 2);
      await kv.set(['q', 'x'], 3);
      await kv.set(['p'], 4);
      const listed = await Array.fromAsync(kv.list(['p']));
      expect(listed).toEqual([
        { key: ['p'], value: 4 },
        { key: ['p', 'x'], value: 1 },
        { key: ['p', 'y', 'z'], value: 2 },
      ]);
      expect(await Array.fromAsync(kv.list())).toHaveLength(4);
    });

    it('compares and swaps: only the holder of the expected value wins, even across handles', async () => {
      const kv = new DbKvStore(t.db, now);
      expect(await kv.cas(['c'], undefined, { n: 1 })).toBe(true);
      expect(await kv.cas(['c'], undefined, { n: 9 })).toBe(false);
      expect(await kv.cas(['c'], { n: 2 }, { n: 3 })).toBe(false);
      expect(await kv.get(['c'])).toEqual({ n: 1 });
      const other: Db = t.url ? createDb({ databaseUrl: t.url, dataDir: '' }) : t.db;
      try {
        const kvs = [kv, new DbKvStore(other, now)];
        const wins = await Promise.all(
          Array.from({ length: 10 }, (_, i) => kvs[i % 2]!.cas(['c'], { n: 1 }, { n: 100 + i })),
        );
        expect(wins.filter(Boolean)).toHaveLength(1);
      } finally {
        if (other !== t.db) await other.destroy();
      }
      // An expired entry counts as absent.
      await kv.set(['e'], 'old', { ttl: seconds(1) });
      clock = new Date(clock.getTime() + 5000);
      expect(await kv.cas(['e'], 'old', 'new')).toBe(false);
      expect(await kv.cas(['e'], undefined, 'new')).toBe(true);
      expect(await kv.get(['e'])).toBe('new');
    });
  });

  describe('message queue', () => {
    function listenInto(queue: DbMessageQueue, into: unknown[], signal: AbortSignal) {
      return queue.listen(
        async (message) => {
          into.push(message);
          await new Promise((r) => setTimeout(r, 5));
        },
        { signal },
      );
    }

    async function until(check: () => boolean, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!check()) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 20));
      }
    }

    it('delivers an enqueued message to a listener, and removes it once handled', async () => {
      const queue = new DbMessageQueue(t.db, now, { pollMs: 50 });
      const received: unknown[] = [];
      const stop = new AbortController();
      const listening = listenInto(queue, received, stop.signal);
      await queue.enqueue({ type: 'outbox', inbox: 'https://x.example/inbox', list: [1, 2] });
      await until(() => received.length === 1);
      expect(received).toEqual([{ type: 'outbox', inbox: 'https://x.example/inbox', list: [1, 2] }]);
      stop.abort();
      await listening;
      expect(await t.db.selectFrom('fediverse_queue').selectAll().execute()).toEqual([]);
    });

    it('holds a delayed message until its time has come', async () => {
      const queue = new DbMessageQueue(t.db, now, { pollMs: 20 });
      await queue.enqueue('later', { delay: seconds(30) });
      expect(await queue.getDepth()).toEqual({ queued: 1, ready: 0, delayed: 1 });
      expect(await queue.claim()).toBeNull();
      clock = new Date(clock.getTime() + 31_000);
      expect((await queue.claim())?.message).toBe('later');
    });

    it('lets a message held by a listener that died go to another once its lease runs out', async () => {
      const queue = new DbMessageQueue(t.db, now, { leaseMs: 60_000 });
      await queue.enqueue('orphan');
      expect((await queue.claim())?.message).toBe('orphan');
      expect(await queue.claim()).toBeNull();
      clock = new Date(clock.getTime() + 61_000);
      expect((await queue.claim())?.message).toBe('orphan');
    });

    it('takes messages with one ordering key one at a time, oldest first', async () => {
      const queue = new DbMessageQueue(t.db, now);
      await queue.enqueue('create', { orderingKey: 'post-1' });
      await queue.enqueue('delete', { orderingKey: 'post-1' });
      await queue.enqueue('other', { orderingKey: 'post-2' });
      const first = await queue.claim();
      const second = await queue.claim();
      expect([first?.message, second?.message]).toEqual(['create', 'other']);
      expect(await queue.claim()).toBeNull();
    });

    it('never gives one message to two listeners on two handles', async () => {
      const count = 60;
      const producer = new DbMessageQueue(t.db, now);
      await producer.enqueueMany(Array.from({ length: count }, (_, i) => ({ n: i })));
      const other: Db = t.url ? createDb({ databaseUrl: t.url, dataDir: '' }) : t.db;
      const a: unknown[] = [];
      const b: unknown[] = [];
      const stop = new AbortController();
      try {
        const listening = [
          listenInto(new DbMessageQueue(t.db, now, { pollMs: 20 }), a, stop.signal),
          listenInto(new DbMessageQueue(other, now, { pollMs: 20 }), b, stop.signal),
        ];
        await until(() => a.length + b.length >= count);
        stop.abort();
        await Promise.all(listening);
      } finally {
        if (other !== t.db) await other.destroy();
      }
      const seen = [...a, ...b].map((m) => (m as { n: number }).n).sort((x, y) => x - y);
      expect(seen).toEqual(Array.from({ length: count }, (_, i) => i));
      if (t.url) expect(Math.min(a.length, b.length)).toBeGreaterThan(0);
    });
  });
});
