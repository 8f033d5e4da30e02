// Issue 26, item 5: an address that asked to follow by email and never
// confirmed is forgotten after FOLLOW_CONFIRM_DAYS, with the mail still waiting
// for it; confirmed followers and recent askers stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneUnconfirmedFollowers } from '../../src/lib/mail/followers-admin.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const NOW = new Date('2026-11-25T09:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 24 * 60 * 60 * 1000);

describe.each(dbTargets)('pruning unconfirmed followers by email on %s', (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('forgets only addresses older than the setting that never confirmed, and their waiting mail', async () => {
    const row = (email: string, createdAt: Date, confirmed: boolean) => ({
      email,
      source: 'form' as const,
      created_at: createdAt,
      confirmed_at: confirmed ? createdAt : null,
      wants_posts: true,
    });
    await t.db
      .insertInto('followers')
      .values([
        row('old-unconfirmed@example.org', daysAgo(15), false),
        row('new-unconfirmed@example.org', daysAgo(3), false),
        row('old-confirmed@example.org', daysAgo(40), true),
      ])
      .execute();
    await t.db
      .insertInto('outbox')
      .values({
        recipient: 'old-unconfirmed@example.org',
        kind: 'follow-confirm',
        subject: 'Confirm',
        text_body: 'x',
        html_body: 'x',
        headers: '{}',
        message_id: '<confirm@prune.test>',
      })
      .execute();

    expect(await pruneUnconfirmedFollowers(t.db, NOW, 14)).toBe(1);
    const left = await t.db.selectFrom('followers').select('email').orderBy('email').execute();
    expect(left.map((r) => r.email)).toEqual(['new-unconfirmed@example.org', 'old-confirmed@example.org']);
    expect(await t.db.selectFrom('outbox').select('id').execute()).toEqual([]);
    expect(await pruneUnconfirmedFollowers(t.db, NOW, 14)).toBe(0);
  });
});
