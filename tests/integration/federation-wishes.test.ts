// The wish board on the fediverse (@wishes): its followers are its own (one
// account may follow the blog and the board apart), and when a board opens
// they get one note saying so, with a link, however many processes look; an
// old board is not news.
import { runFanouts } from '../../src/lib/federation/fanout.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { announceOpenedBoards, WISHES_ACTOR } from '../../src/lib/federation/board-actor.ts';
import { BLOG_ACTOR, createBlogFederation } from '../../src/lib/federation/federation.ts';
import { addFollower, countFollowers, removeFollower } from '../../src/lib/federation/followers-repo.ts';
import { openBoard } from '../../src/lib/wishes/board/boards.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const SITE = 'https://wishes.example.org';

describe.each(dbTargets)('the wish board on the fediverse on %s', (target) => {
  let t: TestDatabase;
  const now = new Date('2026-03-04T09:00:00Z');
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
  const follower = (name: string) => ({
    actorId: `https://social.example/users/${name}`,
    inbox: `https://social.example/users/${name}/inbox`,
    sharedInbox: null,
    handle: `@${name}@social.example`,
  });
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
    await t.db.deleteFrom('fediverse_queue').execute();
    await t.db.deleteFrom('fediverse_fanouts').execute();
    await t.db.deleteFrom('fediverse_followers').execute();
  });

  it("keeps the board's followers apart from the blog's", async () => {
    await addFollower(t.db, follower('alice'), now, WISHES_ACTOR);
    await addFollower(t.db, follower('alice'), now, BLOG_ACTOR);
    await addFollower(t.db, follower('bob'), now, BLOG_ACTOR);
    expect(await countFollowers(t.db, WISHES_ACTOR)).toBe(1);
    expect(await countFollowers(t.db, BLOG_ACTOR)).toBe(2);
    await removeFollower(t.db, WISHES_ACTOR, follower('alice').actorId);
    expect(await countFollowers(t.db, WISHES_ACTOR)).toBe(0);
    expect(await countFollowers(t.db, BLOG_ACTOR)).toBe(2);
  });

  it("sends a board's opening note once to the board's followers alone, never an old board's", async () => {
    await addFollower(t.db, follower('alice'), now, WISHES_ACTOR);
    await addFollower(t.db, follower('bob'), now, BLOG_ACTOR);
    await openBoard(t.db, '2026-02-04', new Date('2026-02-04T00:00:00Z'), 'UTC');
    const { board } = await openBoard(t.db, '2026-03-04', new Date('2026-03-04T00:00:00Z'), 'UTC');

    const sent = await Promise.all([1, 2, 3].map(() => announceOpenedBoards(federation(), t.db, now, SITE)));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    const queued = await queuedText();
    expect(queued).toContain('The wish board is open: ');
    expect(queued).toContain(board.prompt.slice(0, 30));
    expect(queued).toContain(`${SITE}/wishes/2026-03-04`);
    expect(queued).toContain(`${SITE}/ap/actors/wishes`);
    expect(queued).toContain('https://social.example/users/alice/inbox');
    expect(queued).not.toContain('https://social.example/users/bob/inbox');
    expect(queued).not.toContain('2026-02-04');
    expect(await announceOpenedBoards(federation(), t.db, now, SITE)).toBe(0);
  });
});
