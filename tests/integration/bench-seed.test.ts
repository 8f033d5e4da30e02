// The benchmark seeds its site through the service layer, so a new rule there
// (an unconfirmed account's comments and wishes are held) can quietly change
// what the bench measures, or stop it. This runs the seeds small and checks
// that everything they write is published, as the bench's figures assume.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBenchmark, seedBoard } from '../../bench/seed.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

describe.each(dbTargets)('the benchmark seeds on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('publish every comment, wish and offer they write', async () => {
    const now = new Date('2026-12-09T12:00:00Z');
    const seed = await seedBenchmark(t.db, now, 12);
    const board = await seedBoard(t.db, now, { timeZone: 'UTC', wishWeekday: 3 }, { wishes: 12, offers: 30 });

    const comments = await t.db.selectFrom('comments').select(['status']).execute();
    expect(comments).toHaveLength(200 + 12 + 1);
    expect(new Set(comments.map((c) => c.status))).toEqual(new Set(['approved']));

    expect(board.boardDate).toBe('2026-12-09');
    const wishes = await t.db.selectFrom('wishes').select(['status']).execute();
    expect(wishes).toHaveLength(12);
    expect(new Set(wishes.map((w) => w.status))).toEqual(new Set(['approved']));
    const offers = await t.db.selectFrom('offers').select(['status']).execute();
    expect(offers).toHaveLength(30);
    expect(new Set(offers.map((o) => o.status))).toEqual(new Set(['approved']));

    // The wish-day writer posts wishes and offers over HTTP: it must be confirmed too.
    const writer = await t.db
      .selectFrom('users')
      .select('email_verified_at')
      .where('email', '=', seed.benchWriterEmail)
      .executeTakeFirstOrThrow();
    expect(writer.email_verified_at).not.toBeNull();
  });
});
