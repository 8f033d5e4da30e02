// The local spam filter against the database: a reader's very likely spam goes
// to spam and likely spam is held, each with the reason and score kept for the
// queue; a person's approve or spam teaches the stored counts (so every process
// learns); the setting turns it off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.ts';
import { listModerationQueue, moderateComments } from '../../src/lib/comments/moderation.ts';
import { createComment, type Commenter } from '../../src/lib/comments/service.ts';
import { scoreText } from '../../src/lib/moderation/spam/filter.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { moderate } from '../../src/lib/wishes/moderation.ts';
import { postWish } from '../../src/lib/wishes/service.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';

const SPAMMY =
  'FREE VIAGRA!!! Click here to claim your cash prize now, limited time offer. Buy cheap meds online, ' +
  'no prescription, 100% guaranteed, unsubscribe to be removed from our mailing list.';
const DOUBTFUL = 'Cheap loans, click here http://loans.example';
const KIND = 'Thank you for writing this, it made me think of my grandmother. I hope your week goes gently.';

describe.each(dbTargets)('the spam filter on %s', (target) => {
  let t: TestDatabase;
  let clock = Date.parse('2026-11-25T09:00:00Z');
  const tick = () => new Date((clock += 60_000));
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('holds likely spam, spams very likely spam with the reason and score, and learns from decisions', async () => {
    const rita = await makeConfirmedAccount(t.db, { name: 'Rita', email: 'rita@example.test' });
    const who: Commenter = {
      user: { id: rita.id, name: rita.name, role: rita.role as Role },
      ip: null,
      visitorTokenHash: null,
    };
    const post = await makePost(t.db, { title: 'Hello' });
    const comment = (body: string) =>
      createComment(t.db, { post_id: String(post.id), body }, who, tick(), { rateLimitFactor: 1000 });

    expect((await comment(KIND)).status).toBe('approved');
    const spam = await comment(SPAMMY);
    expect(spam.status).toBe('spam');
    const held = await comment(DOUBTFUL);
    expect(held.status).toBe('pending');
    const kept = await t.db
      .selectFrom('comments')
      .select(['id', 'spam_score', 'moderation_reason'])
      .where('id', 'in', [spam.id!, held.id!])
      .orderBy('id')
      .execute();
    expect(kept[0]).toMatchObject({ moderation_reason: expect.stringMatching(/very likely spam/) });
    expect(kept[0]!.spam_score).toBeGreaterThan(4.6);
    expect(kept[1]).toMatchObject({ moderation_reason: expect.stringMatching(/likely spam/) });
    const queue = await listModerationQueue(t.db, { status: 'pending', page: 1 });
    expect(queue.items.find((i) => i.id === held.id)).toMatchObject({
      reason: expect.stringMatching(/likely spam/),
      spamScore: expect.stringMatching(/^spam \d/),
    });

    // Approving the held comment teaches the filter: its words now lean towards good.
    const before = await scoreText(t.db, DOUBTFUL);
    expect(await moderateComments(t.db, { ids: [String(held.id)], decision: 'approve' }, tick())).toBe(1);
    const loans = await t.db.selectFrom('spam_tokens').selectAll().where('token', '=', 'loans').executeTakeFirst();
    expect(loans).toMatchObject({ ham: 1, spam: 0 });
    expect(await scoreText(t.db, DOUBTFUL)).toBeLessThan(before);

    // Marking a published wish as spam teaches the other way.
    const wish = await postWish(
      t.db,
      { user: who.user, ip: null, visitorTokenHash: null },
      { board_date: '2026-11-25', body: 'I wish for knitted zebra quilts' },
      { now: tick(), schedule: { timeZone: 'Europe/Berlin', wishWeekday: 3 } },
    );
    expect(wish.status).toBe('approved');
    const zebra = await scoreText(t.db, 'knitted zebra quilts');
    await moderate(t.db, { target: 'wish', id: String(wish.wishId), status: 'spam' }, { now: tick() });
    expect(
      await t.db.selectFrom('spam_tokens').selectAll().where('token', '=', 'zebra').executeTakeFirst(),
    ).toMatchObject({ spam: 1, ham: 0 });
    expect(await scoreText(t.db, 'knitted zebra quilts')).toBeGreaterThan(zebra);
  });

  it('is bypassed when the author turns it off', async () => {
    const sam = await makeConfirmedAccount(t.db, { name: 'Sam', email: 'sam@example.test' });
    const who: Commenter = {
      user: { id: sam.id, name: sam.name, role: sam.role as Role },
      ip: null,
      visitorTokenHash: null,
    };
    const post = await makePost(t.db, { title: 'Off' });
    await updateSettings(t.db, { spamFilter: false });
    const created = await createComment(t.db, { post_id: String(post.id), body: SPAMMY }, who, tick(), {
      rateLimitFactor: 1000,
    });
    expect(created.status).toBe('approved');
    const row = await t.db
      .selectFrom('comments')
      .select(['spam_score', 'moderation_reason'])
      .where('id', '=', created.id!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ spam_score: null, moderation_reason: null });
    await updateSettings(t.db, { spamFilter: true });
  });
});
