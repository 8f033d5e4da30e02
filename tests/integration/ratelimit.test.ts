import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../src/lib/errors.ts';
import { takeHit } from '../../src/lib/ratelimit/ratelimit.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

describe.each(dbTargets)('database-backed rate limits on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  const rules = [
    { limit: 1, windowSeconds: 10 },
    { limit: 3, windowSeconds: 3600 },
  ];

  it('allows one hit per 10 seconds and three per hour, telling when to retry', async () => {
    const start = new Date('2026-05-01T10:00:00Z');
    const at = (s: number) => new Date(start.getTime() + s * 1000);
    const bucket = [{ bucket: 'comment:user:a', rules }];
    await takeHit(t.db, bucket, at(0));
    const tooSoon = await takeHit(t.db, bucket, at(4)).catch((e: unknown) => e);
    expect(tooSoon).toBeInstanceOf(RateLimitedError);
    expect((tooSoon as RateLimitedError).retryAfterSeconds).toBe(6);
    expect((tooSoon as RateLimitedError).status).toBe(429);
    await takeHit(t.db, bucket, at(11));
    await takeHit(t.db, bucket, at(22));
    const hourly = await takeHit(t.db, bucket, at(40)).catch((e: unknown) => e);
    expect(hourly).toBeInstanceOf(RateLimitedError);
    expect((hourly as RateLimitedError).retryAfterSeconds).toBe(3600 - 40);
  });

  it('records nothing when refused, and counts several buckets together', async () => {
    const now = new Date('2026-05-02T10:00:00Z');
    const user = { bucket: 'comment:user:b', rules };
    const ip = { bucket: 'comment:ip:198.51.100.1', rules };
    await takeHit(t.db, [user, ip], now);
    await expect(takeHit(t.db, [{ bucket: 'comment:user:c', rules }, ip], now)).rejects.toThrow(RateLimitedError);
    const hits = await t.db
      .selectFrom('rate_limit_hits')
      .select('bucket')
      .where('bucket', '=', 'comment:user:c')
      .execute();
    expect(hits).toEqual([]);
  });

  it('is atomic under concurrent hits', async () => {
    const now = new Date('2026-05-03T10:00:00Z');
    const bucket = [{ bucket: 'race', rules: [{ limit: 5, windowSeconds: 60 }] }];
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => takeHit(t.db, bucket, now)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
  });

  it('scales limits by a factor', async () => {
    const now = new Date('2026-05-04T10:00:00Z');
    const bucket = [{ bucket: 'scaled', rules: [{ limit: 1, windowSeconds: 60 }] }];
    await takeHit(t.db, bucket, now, 3);
    await takeHit(t.db, bucket, now, 3);
    await takeHit(t.db, bucket, now, 3);
    await expect(takeHit(t.db, bucket, now, 3)).rejects.toThrow(RateLimitedError);
  });
});
