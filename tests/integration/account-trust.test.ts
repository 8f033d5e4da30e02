// Issue 24, item 5: an account earns trust by confirming its email. Until then
// its comments, wishes and offers are held as a first-time visitor's are, the
// author is told, and its writer alone sees them (as waiting); once confirmed,
// it is published at once as before.
import type { Role } from '../../db/schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markEmailVerified } from '../../src/lib/auth/users.ts';
import { createComment, editOwnComment } from '../../src/lib/comments/service.ts';
import { loadThread } from '../../src/lib/comments/thread.ts';
import { findBoardByDate } from '../../src/lib/wishes/board/boards.ts';
import { postOffer, postWish } from '../../src/lib/wishes/service.ts';
import { loadBoardView } from '../../src/lib/wishes/view.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount, makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';
import { actor, createClock, noticesOf, schedule, WISH_DAY, wishContext, type Person } from '../helpers/wish-loop.ts';

describe.each(dbTargets)('trust earned by confirming the email on %s', (target) => {
  let t: TestDatabase;
  let author: Person, confirmed: Person, unconfirmed: Person;
  let postId: number;
  const clock = createClock();
  const person = (a: { id: string; name: string; role: Role }): Person => ({
    id: a.id,
    name: a.name,
    role: a.role,
  });
  const comment = (who: Person, body: string) =>
    createComment(t.db, { post_id: postId, body }, { user: who, ip: null, visitorTokenHash: null }, clock.tick());

  beforeAll(async () => {
    t = await openTestDb(target);
    author = person(await makeConfirmedAccount(t.db, { name: 'Ada Author', role: 'author' }));
    confirmed = person(await makeConfirmedAccount(t.db, { name: 'Cora Confirmed' }));
    unconfirmed = person(await makeAccount(t.db, { name: 'Uma Unconfirmed' }));
    postId = (await makePost(t.db, { slug: 'trust', publishedAt: new Date('2026-01-01T00:00:00Z') })).id;
  });
  afterAll(() => t?.drop());

  it("holds an unconfirmed account's comment, shows it to its writer alone, and tells the author", async () => {
    const held = await comment(unconfirmed, 'Signed up a minute ago');
    expect(held.status).toBe('pending');
    const mine = await loadThread(t.db, postId, { userId: unconfirmed.id, visitorTokenHash: null }, 5);
    expect(mine.byId.get(held.id!)).toMatchObject({ status: 'pending', mine: true });
    const others = await loadThread(t.db, postId, { userId: confirmed.id, visitorTokenHash: null }, 5);
    expect(others.byId.has(held.id!)).toBe(false);
    expect((await noticesOf(t.db, author.id)).map((n) => n.kind)).toContain('comment_held');
    // An edit within the window does not release it.
    await editOwnComment(t.db, { id: held.id, body: 'Edited, still waiting' }, unconfirmed, clock.tick());
    const row = await t.db.selectFrom('comments').select('status').where('id', '=', held.id!).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('publishes a confirmed account at once, and the unconfirmed one once it confirms', async () => {
    expect((await comment(confirmed, 'Confirmed long ago')).status).toBe('approved');
    await markEmailVerified(t.db, unconfirmed.id, clock.tick());
    expect((await comment(unconfirmed, 'Confirmed just now')).status).toBe('approved');
  });

  it("holds an unconfirmed account's wish and offer, and shows them to their writer as held", async () => {
    const stranger = person(await makeAccount(t.db, { name: 'Sam Stranger' }));
    clock.set(new Date('2026-11-25T09:00:00Z'));
    const wish = await postWish(
      t.db,
      actor(stranger),
      { board_date: WISH_DAY, body: 'Held wish' },
      wishContext(clock.tick(), null),
    );
    expect(wish.status).toBe('pending');
    const open = await postWish(
      t.db,
      actor(confirmed),
      { board_date: WISH_DAY, body: 'Published wish' },
      wishContext(clock.tick(), null),
    );
    expect(open.status).toBe('approved');
    const offer = await postOffer(
      t.db,
      actor(stranger),
      { wish_id: open.wishId, kind: 'skill', body: 'Held offer' },
      wishContext(clock.tick(), null),
    );
    expect(offer.status).toBe('pending');
    const confirmedOffer = await postOffer(
      t.db,
      actor(person(await makeConfirmedAccount(t.db, { name: 'Otto Offerer' }))),
      { wish_id: open.wishId, kind: 'skill', body: 'Published offer' },
      wishContext(clock.tick(), null),
    );
    expect(confirmedOffer.status).toBe('approved');
    expect((await noticesOf(t.db, author.id)).map((n) => n.kind)).toEqual(
      expect.arrayContaining(['wish-held', 'offer-held']),
    );

    const board = (await findBoardByDate(t.db, WISH_DAY))!;
    const seenBy = async (userId: string) => {
      const view = await loadBoardView(t.db, board, { userId, visitorTokenHash: null }, clock.now(), schedule);
      const wishes = view.wishes.map((w) => ({ id: w.id, status: w.status }));
      const offers = view.wishes.flatMap((w) => w.offers.map((o) => ({ id: o.id, status: o.status })));
      return { wishes, offers };
    };
    const own = await seenBy(stranger.id);
    expect(own.wishes).toContainEqual({ id: wish.wishId, status: 'pending' });
    expect(own.offers).toContainEqual({ id: offer.offerId, status: 'pending' });
    const other = await seenBy(confirmed.id);
    expect(other.wishes.map((w) => w.id)).not.toContain(wish.wishId);
    expect(other.offers.map((o) => o.id)).not.toContain(offer.offerId);
  });
});
