// A post reaches the fediverse once, when it becomes visible: published now
// or come due, never an old (imported, backdated) one, never twice however
// many processes look.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { announceNewPosts } from '../../src/lib/federation/announce.ts';
import { createBlogFederation } from '../../src/lib/federation/federation.ts';
import { addFollower } from '../../src/lib/federation/followers.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makePost } from '../helpers/fixtures.ts';

const SITE = 'https://wishes.example.org';

describe.each(dbTargets)('announcing posts on %s', (target) => {
  let t: TestDatabase;
  const now = new Date('2026-12-06T12:00:00Z');
  const hours = (n: number) => new Date(now.getTime() + n * 3600_000);
  const federation = () =>
    createBlogFederation({
      db: t.db,
      now: () => now,
      siteUrl: SITE,
      handle: 'blog',
      allowPrivateAddress: false,
      version: 'test',
      onError: (error) => {
        throw error;
      },
    });
  const announced = async () =>
    (await t.db.selectFrom('fediverse_announced_posts').select('post_id').orderBy('post_id').execute()).map(
      (r) => r.post_id,
    );

  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.deleteFrom('fediverse_announced_posts').execute();
    await t.db.deleteFrom('fediverse_queue').execute();
    await t.db.deleteFrom('posts').execute();
    await t.db.deleteFrom('fediverse_followers').execute();
  });

  it('announces a post once when it becomes visible, and queues its delivery', async () => {
    await addFollower(
      t.db,
      {
        actorId: 'https://social.example/users/alice',
        inbox: 'https://social.example/users/alice/inbox',
        sharedInbox: 'https://social.example/inbox',
        handle: '@alice@social.example',
      },
      now,
    );
    const fresh = await makePost(t.db, { title: 'Fresh', publishedAt: hours(-1) });
    await makePost(t.db, { title: 'Old news', publishedAt: hours(-48) });
    await makePost(t.db, { title: 'Draft', status: 'draft', publishedAt: null });
    const later = await makePost(t.db, { title: 'Later', status: 'scheduled', publishedAt: hours(2) });

    expect(await announceNewPosts(federation(), t.db, now, SITE)).toBe(1);
    expect(await announced()).toEqual([fresh.id]);
    const queued = await t.db.selectFrom('fediverse_queue').select('message').execute();
    expect(JSON.stringify(queued)).toContain(`${SITE}/ap/articles/${fresh.id}#create`);
    expect(await announceNewPosts(federation(), t.db, now, SITE)).toBe(0);

    // The scheduled post is announced once its time has come.
    expect(await announceNewPosts(federation(), t.db, hours(3), SITE)).toBe(1);
    expect(await announced()).toEqual([fresh.id, later.id].sort((a, b) => a - b));
  });

  it('announces a post once when several processes look at the same time', async () => {
    await makePost(t.db, { title: 'Raced', publishedAt: hours(-1) });
    const sent = await Promise.all(Array.from({ length: 4 }, () => announceNewPosts(federation(), t.db, now, SITE)));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
