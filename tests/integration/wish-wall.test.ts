// The public side of the loop: give-first wishes, the granted wall a page at a
// time, the feeds, the weekly stats and the sitemap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCurrentBoard } from '../../src/lib/wishes/board/boards.ts';
import { listBoardFeedItems, listGrantedFeedItems } from '../../src/lib/wishes/board/feeds.ts';
import { listGiveFirstWishes } from '../../src/lib/wishes/board/give-first.ts';
import { decodeGrantedCursor, listGrantedPage } from '../../src/lib/wishes/board/granted.ts';
import { grantWish } from '../../src/lib/wishes/loop/outcomes.ts';
import { postOffer, postWish } from '../../src/lib/wishes/service.ts';
import { listWishSitemapEntries } from '../../src/lib/wishes/board/sitemap.ts';
import { loadWeeklyStats } from '../../src/lib/wishes/board/stats.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import {
  actor,
  asUser,
  makePerson,
  schedule,
  SITE,
  START,
  WISH_DAY,
  wishContext,
  type Person,
} from '../helpers/wish-loop.ts';

const minutes = (n: number) => wishContext(new Date(START.getTime() + n * 60_000), null);

describe.each(dbTargets)('the granted wall, feeds and stats on %s', (target) => {
  let t: TestDatabase;
  const people: Person[] = [];
  const ids: number[] = [];

  beforeAll(async () => {
    t = await openTestDb(target);
    for (const name of ['Ann', 'Ben', 'Cat', 'Dan', 'Eve']) people.push(await makePerson(t.db, name));
    for (const [i, who] of people.entries()) {
      const body = i === 0 ? 'I wish for <script>alert(1)</script> a **mentor**' : `Wish number ${i}`;
      ids.push((await postWish(t.db, actor(who), { board_date: WISH_DAY, body }, minutes(i))).wishId);
    }
  });
  afterAll(() => t?.drop());

  it('offers the three wishes with the fewest offers first, never the viewer’s own', async () => {
    const offer = (by: number, on: number, at: number, origin?: string) =>
      postOffer(
        t.db,
        actor(people[by]!),
        { wish_id: ids[on]!, kind: 'skill', body: 'Happy to help', origin },
        minutes(at),
      );
    await offer(1, 0, 10);
    await offer(2, 0, 11);
    await offer(3, 1, 12, 'give_first');
    await offer(4, 1, 13, 'give_first');
    await offer(0, 2, 14);
    const board = await ensureCurrentBoard(t.db, minutes(20).now, schedule);
    const forEve = await listGiveFirstWishes(t.db, board.id, { userId: people[4]!.id, visitorTokenHash: null });
    // Dan's wish has none; Cat's, Ben's and Ann's have one or two; Eve's own is left out.
    expect(forEve.map((w) => [w.authorName, w.offerCount])).toEqual([
      ['Dan', 0],
      ['Cat', 1],
      ['Ann', 2],
    ]);
    const forVisitor = await listGiveFirstWishes(t.db, board.id, { userId: null, visitorTokenHash: null });
    expect(forVisitor.map((w) => w.authorName)).toEqual(['Dan', 'Eve', 'Cat']);
  });

  it("keeps each wish's count of standing offers through every change an offer can go through", async () => {
    const counted = async () =>
      (await t.db.selectFrom('wishes').select(['id', 'open_offer_count']).orderBy('id').execute()).map((w) => [
        w.id,
        w.open_offer_count,
      ]);
    const actual = async () =>
      (
        await t.db
          .selectFrom('wishes')
          .select((eb) => [
            'wishes.id',
            eb
              .selectFrom('offers')
              .select((o) => o.fn.countAll<number>().as('n'))
              .whereRef('offers.wish_id', '=', 'wishes.id')
              .where('offers.status', '=', 'approved')
              .where('offers.withdrawn_at', 'is', null)
              .as('n'),
          ])
          .orderBy('wishes.id')
          .execute()
      ).map((w) => [w.id, Number(w.n)]);
    expect(await counted()).toEqual(await actual());
    const wishId = ids[3]!;
    const add = (status: 'approved' | 'pending') =>
      t.db
        .insertInto('offers')
        .values({ wish_id: wishId, author_name: 'Zed', kind: 'skill', body_md: 'x', body_html: '<p>x</p>', status })
        .returning('id')
        .executeTakeFirstOrThrow();
    const held = await add('pending');
    const standing = await add('approved');
    const other = await add('approved');
    expect(await counted()).toEqual(await actual());
    const change = async (id: number, values: Record<string, unknown>) => {
      await t.db.updateTable('offers').set(values).where('id', '=', id).execute();
      expect(await counted()).toEqual(await actual());
    };
    await change(held.id, { status: 'approved' });
    await change(standing.id, { status: 'spam' });
    await change(other.id, { withdrawn_at: new Date() });
    await change(other.id, { withdrawn_at: null });
    await change(held.id, { wish_id: ids[2]! });
    await change(other.id, { body_md: 'edited', body_html: '<p>edited</p>' });
    for (const { id } of [held, standing, other]) {
      await t.db.deleteFrom('offers').where('id', '=', id).execute();
      expect(await counted()).toEqual(await actual());
    }
  });

  it('counts per week: wishes, offers, offered within a day, granted within six weeks, give-first offers', async () => {
    // An offer two days later does not count as "within a day".
    await postOffer(
      t.db,
      actor(people[0]!),
      { wish_id: ids[3]!, kind: 'resource', body: 'Late but kind' },
      wishContext(new Date(START.getTime() + 2 * 86_400_000), null),
    );
    await grantWish(t.db, asUser(people[0]!), { wish_id: ids[0]! }, { now: new Date('2026-12-20T10:00:00Z') });
    await grantWish(t.db, asUser(people[1]!), { wish_id: ids[1]! }, { now: new Date('2027-02-20T10:00:00Z') });
    const stats = await loadWeeklyStats(t.db, '2026-12-02');
    expect(stats).toEqual([
      {
        boardDate: WISH_DAY,
        wishes: 5,
        offers: 6,
        offeredWithinDay: 3,
        grantedWithinSixWeeks: 1,
        giveFirstOffers: 2,
      },
    ]);
  });

  it('pages through granted wishes newest first by cursor, with nothing repeated or lost', async () => {
    for (const [i, at] of ['2027-03-01', '2027-03-02', '2027-03-03'].entries()) {
      await grantWish(
        t.db,
        asUser(people[i + 2]!),
        { wish_id: ids[i + 2]!, thank_you: `Thanks number ${i + 2}` },
        { now: new Date(`${at}T10:00:00Z`) },
      );
    }
    const seen: number[] = [];
    let cursor = null;
    for (let page = 0; page < 5; page++) {
      const result = await listGrantedPage(t.db, cursor, 2);
      seen.push(...result.wishes.map((w) => w.id));
      if (!result.next) break;
      cursor = decodeGrantedCursor(result.next);
    }
    expect(seen).toEqual([ids[4], ids[3], ids[2], ids[1], ids[0]]);
    expect(decodeGrantedCursor('2027-03-01T10:00:00.000Z~x')).toBeNull();
    expect(decodeGrantedCursor("1' or 1=1")).toBeNull();
  });

  it('feeds sanitised HTML, never the decoded text', async () => {
    const granted = await listGrantedFeedItems(t.db, SITE);
    expect(granted[0]).toMatchObject({
      link: `${SITE}/wishes/${WISH_DAY}/${ids[4]}`,
      description:
        '<p>Wish number 4</p><p><strong>Granted.</strong></p><blockquote><p>Thanks number 4</p></blockquote>',
    });
    const board = await ensureCurrentBoard(t.db, minutes(30).now, schedule);
    const items = await listBoardFeedItems(t.db, board, SITE);
    const ann = items.find((i) => i.link.endsWith(`/${ids[0]}`))!;
    expect(ann.description).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(ann.description).toContain('<strong>mentor</strong>');
    expect(ann.description).not.toContain('<script>');
    expect(ann.title).toBe('Ann wishes');
  });

  it('lists every published wish page in the sitemap, and no held or deleted one', async () => {
    const held = await postWish(
      t.db,
      actor(null, 'v'),
      { board_date: WISH_DAY, body: 'Held', name: 'Vic', email: 'vic@example.org' },
      minutes(40),
    );
    await t.db.updateTable('wishes').set({ status: 'deleted' }).where('id', '=', ids[2]!).execute();
    const paths = (await listWishSitemapEntries(t.db, WISH_DAY)).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/wishes', '/wishes/granted', `/wishes/${WISH_DAY}`]));
    expect(paths).toContain(`/wishes/${WISH_DAY}/${ids[0]}`);
    expect(paths).not.toContain(`/wishes/${WISH_DAY}/${ids[2]}`);
    expect(paths).not.toContain(`/wishes/${WISH_DAY}/${held.wishId}`);
  });
});
