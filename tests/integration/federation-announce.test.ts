// A post reaches the fediverse once, when it becomes visible: published now
// or come due, never an old (imported, backdated) one, never twice however
// many processes look; an edit follows as an Update, a deletion or a return
// to draft as a Delete.
import { runFanouts } from '../../src/lib/federation/fanout.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { announcePostChanges } from '../../src/lib/federation/announce.ts';
import { createBlogFederation } from '../../src/lib/federation/federation.ts';
import { addFollower } from '../../src/lib/federation/followers-repo.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { deletePost, updatePost } from '../../src/lib/posts/service.ts';
import { makePost } from '../helpers/fixtures.ts';

const SITE = 'https://wishes.example.org';

describe.each(dbTargets)('announcing posts on %s', (target) => {
  let t: TestDatabase;
  // Posts made here are stamped by the database's clock: the test's time is near it.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
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

  const run = (at: Date) => announcePostChanges(federation(), t.db, at, SITE);
  /** What our fan-out queued for delivery (it walks the followers into Fedify's queue). */
  const queuedText = async () => {
    await runFanouts(federation(), t.db, () => now, SITE);
    return JSON.stringify(await t.db.selectFrom('fediverse_queue').select('message').execute());
  };

  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.deleteFrom('fediverse_announced_posts').execute();
    await t.db.deleteFrom('fediverse_queue').execute();
    await t.db.deleteFrom('fediverse_fanouts').execute();
    await t.db.deleteFrom('posts').execute();
    await t.db.deleteFrom('fediverse_followers').execute();
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
  });

  it('announces a post once when it becomes visible, and queues its delivery', async () => {
    const fresh = await makePost(t.db, { title: 'Fresh', publishedAt: hours(-1) });
    await makePost(t.db, { title: 'Old news', publishedAt: hours(-48) });
    await makePost(t.db, { title: 'Draft', status: 'draft', publishedAt: null });
    const later = await makePost(t.db, { title: 'Later', status: 'scheduled', publishedAt: hours(2) });

    expect(await run(now)).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(await announced()).toEqual([fresh.id]);
    expect(await queuedText()).toContain(`${SITE}/ap/articles/${fresh.id}#create`);
    expect(await run(now)).toEqual({ created: 0, updated: 0, deleted: 0 });

    // The scheduled post is announced once its time has come.
    expect(await run(hours(3))).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(await announced()).toEqual([fresh.id, later.id].sort((a, b) => a - b));
  });

  it('announces a post once when several processes look at the same time', async () => {
    await makePost(t.db, { title: 'Raced', publishedAt: hours(-1) });
    const sent = await Promise.all(Array.from({ length: 4 }, () => run(now)));
    expect(sent.reduce((total, report) => total + report.created, 0)).toBe(1);
  });

  it('sends an edit as an Update once, and a deletion or a return to draft as a Delete once', async () => {
    const edited = await makePost(t.db, { title: 'Edited', publishedAt: hours(-1) });
    const deleted = await makePost(t.db, { title: 'Deleted', publishedAt: hours(-1) });
    const withdrawn = await makePost(t.db, { title: 'Withdrawn', publishedAt: hours(-1) });
    expect(await run(now)).toEqual({ created: 3, updated: 0, deleted: 0 });

    const change = { slug: null, excerpt: null, tags: [], commentsClosed: false, status: 'published' as const };
    await updatePost(
      t.db,
      edited.id,
      { ...change, title: 'Edited, better', bodyMd: 'New words.', publishedAt: edited.publishedAt },
      hours(1),
    );
    await deletePost(t.db, deleted.id);
    await updatePost(
      t.db,
      withdrawn.id,
      { ...change, title: 'Withdrawn', bodyMd: 'x', status: 'draft', publishedAt: null },
      hours(1),
    );
    await t.db.deleteFrom('fediverse_queue').execute();
    await t.db.deleteFrom('fediverse_fanouts').execute();

    const later = hours(2);
    const reports = await Promise.all([run(later), run(later)]);
    expect(reports.reduce((sum, r) => sum + r.updated, 0)).toBe(1);
    expect(reports.reduce((sum, r) => sum + r.deleted, 0)).toBe(2);
    const queued = await queuedText();
    expect(queued).toContain(`${SITE}/ap/articles/${edited.id}#update-`);
    expect(queued).toContain('Edited, better');
    expect(queued).toContain(`${SITE}/ap/articles/${deleted.id}#delete`);
    expect(queued).toContain(`${SITE}/ap/articles/${withdrawn.id}#delete`);
    expect(await announced()).toEqual([edited.id]);
    expect(await run(hours(3))).toEqual({ created: 0, updated: 0, deleted: 0 });
  });
});
