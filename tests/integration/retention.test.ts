// Personal data kept only as long as needed: IP addresses, visitors' emails and
// cookie fingerprints older than the retention setting are dropped; newer ones,
// members' rows and the content itself stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationStatus } from '../../db/schema.ts';
import { pruneOldPersonalData } from '../../src/lib/privacy/retention.ts';
import { getSettings, updateSettings } from '../../src/lib/settings/settings.ts';
import { openBoard } from '../../src/lib/wishes/board/boards.ts';
import { insertOffer, insertWish } from '../../src/lib/wishes/repo.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount, makePost } from '../helpers/fixtures.ts';

const NOW = new Date('2026-11-27T03:17:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

describe.each(dbTargets)('personal data retention on %s', (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('defaults to 90 days', async () => {
    expect((await getSettings(t.db)).personalDataRetentionDays).toBe(90);
  });

  it('drops old IPs everywhere and old visitor emails, keeping the content and what is recent', async () => {
    const member = await makeAccount(t.db, { name: 'Member' });
    const post = await makePost(t.db);
    const board = (await openBoard(t.db, '2026-08-05', daysAgo(120), 'UTC')).board;
    const comment = (age: number, userId: string | null, status: ModerationStatus = 'approved') =>
      t.db
        .insertInto('comments')
        .values({
          post_id: post.id,
          user_id: userId,
          author_name: userId ? 'Member' : 'Visitor',
          author_email: userId ? null : `v${age}@example.test`,
          body_md: `Said ${age} days ago`,
          body_html: `<p>Said ${age} days ago</p>`,
          status,
          ip: '203.0.113.9',
          visitor_token_hash: userId ? null : `hash-${age}`,
          created_at: daysAgo(age),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const oldVisitor = await comment(91, null, 'pending');
    // A visitor subscribed to replies keeps their email on that comment.
    const subscribed = await comment(120, null);
    await t.db
      .insertInto('reply_subscriptions')
      .values({ comment_id: subscribed.id, email: 'v120@example.test' })
      .execute();
    const newVisitor = await comment(89, null);
    const oldMember = await comment(200, member.id);
    const wish = await insertWish(t.db, {
      boardId: board.id,
      userId: null,
      authorName: 'Wendy',
      authorEmail: 'wendy@example.test',
      bodyMd: 'An old wish',
      bodyHtml: '<p>An old wish</p>',
      status: 'approved',
      ip: '203.0.113.10',
      visitorTokenHash: 'wendy-hash',
      now: daysAgo(120),
    });
    await insertOffer(t.db, {
      wishId: wish,
      userId: member.id,
      authorName: 'Member',
      authorEmail: null,
      kind: 'skill',
      bodyMd: 'An old offer',
      bodyHtml: '<p>An old offer</p>',
      status: 'approved',
      ip: '203.0.113.11',
      visitorTokenHash: null,
      now: daysAgo(100),
    });
    await t.db
      .insertInto('rate_limit_hits')
      .values([
        { bucket: 'post:ip:203.0.113.9', hit_at: daysAgo(95) },
        { bucket: 'post:ip:203.0.113.9', hit_at: daysAgo(1) },
      ])
      .execute();

    const outcome = await pruneOldPersonalData(t.db, NOW, await getSettings(t.db));
    expect(outcome).toEqual({ ipsDropped: 5, emailsBlanked: 2, visitorTokensDropped: 3 });

    const comments = await t.db
      .selectFrom('comments')
      .select(['id', 'ip', 'author_email', 'visitor_token_hash', 'body_md'])
      .orderBy('id')
      .execute();
    expect(comments).toEqual([
      { id: oldVisitor.id, ip: null, author_email: null, visitor_token_hash: null, body_md: 'Said 91 days ago' },
      {
        id: subscribed.id,
        ip: null,
        author_email: 'v120@example.test',
        visitor_token_hash: null,
        body_md: 'Said 120 days ago',
      },
      {
        id: newVisitor.id,
        ip: '203.0.113.9',
        author_email: 'v89@example.test',
        visitor_token_hash: 'hash-89',
        body_md: 'Said 89 days ago',
      },
      { id: oldMember.id, ip: null, author_email: null, visitor_token_hash: null, body_md: 'Said 200 days ago' },
    ]);
    expect(await t.db.selectFrom('wishes').select(['ip', 'author_email', 'author_name', 'body_md']).execute()).toEqual([
      { ip: null, author_email: null, author_name: 'Wendy', body_md: 'An old wish' },
    ]);
    expect(await t.db.selectFrom('offers').select(['ip', 'body_md']).execute()).toEqual([
      { ip: null, body_md: 'An old offer' },
    ]);
    expect((await t.db.selectFrom('rate_limit_hits').select('hit_at').execute()).map((r) => r.hit_at)).toEqual([
      daysAgo(1),
    ]);
    // Nothing left to do the second time.
    expect(await pruneOldPersonalData(t.db, NOW, await getSettings(t.db))).toEqual({
      ipsDropped: 0,
      emailsBlanked: 0,
      visitorTokensDropped: 0,
    });
  });

  it('follows the setting', async () => {
    await updateSettings(t.db, { personalDataRetentionDays: 30 });
    const outcome = await pruneOldPersonalData(t.db, NOW, await getSettings(t.db));
    expect(outcome).toEqual({ ipsDropped: 1, emailsBlanked: 1, visitorTokensDropped: 1 });
    const left = await t.db.selectFrom('comments').select('ip').where('ip', 'is not', null).execute();
    expect(left).toEqual([]);
  });
});
