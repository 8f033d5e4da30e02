// The wish board's rules against a real database: wishes, offers, cheers, granting,
// accepting, moderation and notifications, and every refusal.
import type { Role } from '../../db/schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db.ts';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../../src/lib/errors.ts';
import { ensureCurrentBoard, findBoardByDate, listBoardArchive } from '../../src/lib/wishes/board/boards.ts';
import { listModerationQueue, moderate } from '../../src/lib/wishes/moderation.ts';
import { listGrantedPage } from '../../src/lib/wishes/board/granted.ts';
import { acceptOffer as acceptAs, grantWish as grantAs } from '../../src/lib/wishes/loop/outcomes.ts';
import { cheerWish, postOffer, postWish, type Actor, type WishContext } from '../../src/lib/wishes/service.ts';
import { loadBoardView, type Viewer } from '../../src/lib/wishes/view.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount } from '../helpers/fixtures.ts';

const schedule = { timeZone: 'Europe/Berlin', wishWeekday: 3 };
// Wednesday 25 November 2026 in Berlin (UTC+1), starting 00:30 local, while it is still Tuesday in UTC.
const WISH_DAY = '2026-11-25';
const start = new Date('2026-11-24T23:30:00Z');
let clock = start.getTime();
/** Each call is a minute later, so posting limits (1 per 10 s) never get in the way unless a test wants them. */
function tick(): WishContext {
  clock += 60_000;
  return { now: new Date(clock), schedule };
}
const at = (iso: string): WishContext => ({ now: new Date(iso), schedule });

/** The wisher's decisions, as a signed-in account. */
const acceptOffer = (db: Db, user: { id: string; name: string; role: Role }, raw: unknown, c: WishContext) =>
  acceptAs(db, { user, link: null }, raw, { now: c.now, siteUrl: 'http://site.test', sendMail: null });
const grantWish = (db: Db, user: { id: string; name: string; role: Role }, raw: unknown, c: WishContext) =>
  grantAs(db, { user, link: null }, raw, c);

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

async function notificationsOf(db: Db, userId: string) {
  return db
    .selectFrom('notifications')
    .select(['kind', 'message', 'link'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

describe.each(dbTargets)('the wish board on %s', (target) => {
  let t: TestDatabase;
  type Person = { id: string; name: string; role: Role };
  let author: Person, alice: Person, bob: Person, carol: Person;
  const as = (user: Person | null, visitorTokenHash: string | null = null): Actor => ({
    user,
    ip: null,
    visitorTokenHash,
  });
  const viewer = (userId: string | null, visitorTokenHash: string | null = null): Viewer => ({
    userId,
    visitorTokenHash,
  });
  let wishId: number;

  beforeAll(async () => {
    t = await openTestDb(target);
    const make = async (name: string, role: Role = 'reader') => {
      const a = await makeConfirmedAccount(t.db, { name, role });
      return { id: a.id, name: a.name, role: a.role };
    };
    author = await make('Ada Author', 'author');
    alice = await make('Alice');
    bob = await make('Bob');
    carol = await make('Carol');
  });
  afterAll(() => t?.drop());

  it("publishes a reader's wish at once on the wish day, and tells the author", async () => {
    const result = await postWish(
      t.db,
      as(alice),
      { board_date: WISH_DAY, body: 'I wish to find *three* clients who love what I do.' },
      tick(),
    );
    expect(result).toMatchObject({ boardDate: WISH_DAY, status: 'approved' });
    wishId = result.wishId;
    const row = await t.db.selectFrom('wishes').selectAll().where('id', '=', wishId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: alice.id, author_name: 'Alice', author_email: null });
    expect(row.body_html).toBe('<p>I wish to find <em>three</em> clients who love what I do.</p>');
    expect(await notificationsOf(t.db, author.id)).toEqual([
      { kind: 'wish', message: 'Alice made a wish', link: `/wishes/${WISH_DAY}/${wishId}` },
    ]);
  });

  it('refuses a wish whose form names another board, or on another day, keeping nothing', async () => {
    const before = await t.db.selectFrom('wishes').select('id').execute();
    // A form from last week replayed on this wish day.
    const replay = await failure(postWish(t.db, as(bob), { board_date: '2026-11-18', body: 'Old form' }, tick()));
    expect(replay).toBeInstanceOf(ConflictError);
    expect(replay.message).toMatch(/earlier wish board/);
    // Thursday 00:00:30 in Berlin: the board no longer takes wishes.
    const thursday = await failure(
      postWish(t.db, as(bob), { board_date: WISH_DAY, body: 'Too late' }, at('2026-11-25T23:00:30Z')),
    );
    expect(thursday.status).toBe(409);
    expect(thursday.message).toBe(
      'The wish board is closed: wishes are made on the wish day only. The next wish board opens on Wednesday, 2 December.',
    );
    // Tuesday 23:59 in Berlin, a form naming the coming board: not open yet.
    const early = await failure(
      postWish(t.db, as(bob), { board_date: WISH_DAY, body: 'Too early' }, at('2026-11-24T22:59:00Z')),
    );
    expect(early.status).toBe(409);
    expect(await t.db.selectFrom('wishes').select('id').execute()).toEqual(before);
  });

  it('refuses empty and over-long wishes with a message on the field', async () => {
    const empty = await failure(postWish(t.db, as(bob), { board_date: WISH_DAY, body: '   ' }, tick()));
    expect(empty).toBeInstanceOf(ValidationError);
    expect(empty.fields.body).toBe('Your wish is required.');
    const long = await failure(postWish(t.db, as(bob), { board_date: WISH_DAY, body: 'x'.repeat(1001) }, tick()));
    expect(long.fields.body).toBe('Your wish must be at most 1,000 characters.');
    const ok = await postWish(t.db, as(bob), { board_date: WISH_DAY, body: 'y'.repeat(1000) }, tick());
    expect(ok.status).toBe('approved');
    await t.db.deleteFrom('wishes').where('id', '=', ok.wishId).execute();
  });

  it('asks visitors for a name and email, holds their first wish, and shows it to them alone', async () => {
    const missing = await failure(postWish(t.db, as(null, 'v1'), { board_date: WISH_DAY, body: 'Hi' }, tick()));
    expect(Object.keys(missing.fields).sort()).toEqual(['email', 'name']);
    const held = await postWish(
      t.db,
      as(null, 'visitor-hash-1'),
      { board_date: WISH_DAY, body: 'I wish for a mentor.', name: 'Vera', email: 'Vera@Example.org' },
      tick(),
    );
    expect(held.status).toBe('pending');
    const board = (await findBoardByDate(t.db, WISH_DAY))!;
    const ids = async (v: Viewer) =>
      (await loadBoardView(t.db, board, v, tick().now, schedule)).wishes.map((w) => w.id);
    expect(await ids(viewer(null, 'visitor-hash-1'))).toContain(held.wishId);
    expect(await ids(viewer(null, 'someone-else'))).not.toContain(held.wishId);
    expect(await ids(viewer(bob.id))).not.toContain(held.wishId);
    expect((await notificationsOf(t.db, author.id)).at(-1)).toEqual({
      kind: 'wish-held',
      message: 'A wish from Vera is waiting for moderation',
      link: '/admin/wishes',
    });
    // Offers and cheers on a held wish are refused as if it did not exist.
    expect(await failure(cheerWish(t.db, bob.id, { wish_id: held.wishId }, tick()))).toBeInstanceOf(NotFoundError);

    // Once the author approves it, the same email is trusted next time.
    await moderate(t.db, { target: 'wish', id: held.wishId, status: 'approved' }, tick());
    const trusted = await postWish(
      t.db,
      as(null, 'visitor-hash-2'),
      { board_date: WISH_DAY, body: 'And a second wish.', name: 'Vera', email: 'vera@example.org' },
      tick(),
    );
    expect(trusted.status).toBe('approved');
  });

  it('keeps what fills the honeypot as spam, with no notification', async () => {
    const before = (await notificationsOf(t.db, author.id)).length;
    const result = await postWish(
      t.db,
      as(null, 'bot'),
      { board_date: WISH_DAY, body: 'Buy now', name: 'Bot', email: 'bot@example.org', website_url_confirm: 'http://x' },
      tick(),
    );
    expect(result.status).toBe('spam');
    expect((await notificationsOf(t.db, author.id)).length).toBe(before);
  });

  it('limits posting per account: a second post within 10 seconds is refused with 429', async () => {
    const context = tick();
    await postOffer(t.db, as(carol), { wish_id: wishId, kind: 'encouragement', body: 'You can do it!' }, context);
    const again = await failure(
      postOffer(t.db, as(carol), { wish_id: wishId, kind: 'skill', body: 'Also this' }, { ...context }),
    );
    expect(again).toBeInstanceOf(RateLimitedError);
    expect(again.status).toBe(429);
  });

  it('takes offers with a kind; the wisher and the author hear of them', async () => {
    const offer = await postOffer(
      t.db,
      as(bob),
      { wish_id: wishId, board_date: WISH_DAY, kind: 'introduction', body: 'I know a studio that needs you.' },
      tick(),
    );
    expect(offer.status).toBe('approved');
    const toAlice = await notificationsOf(t.db, alice.id);
    expect(toAlice).toContainEqual({
      kind: 'offer-to-you',
      message: 'Bob offered introduction on your wish',
      link: `/wishes/${WISH_DAY}/${wishId}#offer-${offer.offerId}`,
    });
    expect(await notificationsOf(t.db, author.id)).toContainEqual({
      kind: 'offer',
      message: 'Bob offered introduction on a wish',
      link: `/wishes/${WISH_DAY}/${wishId}`,
    });
    const board = (await findBoardByDate(t.db, WISH_DAY))!;
    const view = await loadBoardView(t.db, board, viewer(alice.id), tick().now, schedule);
    const wish = view.wishes.find((w) => w.id === wishId)!;
    expect(wish.isWisher).toBe(true);
    expect(wish.offers.map((o) => [o.kindLabel, o.authorName])).toEqual([
      ['Encouragement', 'Carol'],
      ['Introduction', 'Bob'],
    ]);
  });

  it('refuses bad offers: unknown kind, empty or long text, forged ids, ids from another board', async () => {
    const bad = (input: Record<string, unknown>) =>
      failure(postOffer(t.db, as(bob), { wish_id: wishId, kind: 'skill', body: 'ok', ...input }, tick()));
    expect((await bad({ kind: 'money' })).fields.kind).toMatch(/Choose a kind of support/);
    expect((await bad({ body: '' })).fields.body).toBe('Your offer is required.');
    expect((await bad({ body: 'z'.repeat(1001) })).fields.body).toMatch(/at most 1,000/);
    expect(await bad({ wish_id: 999_999 })).toBeInstanceOf(NotFoundError);
    expect((await bad({ wish_id: 'abc' })).fields.wish_id).toBe('Missing or invalid id.');
    const otherBoard = await bad({ board_date: '2026-11-18' });
    expect(otherBoard.status).toBe(400);
    expect(otherBoard.message).toMatch(/not on this board/);
  });

  it('counts a cheer once per person', async () => {
    expect(await cheerWish(t.db, bob.id, { wish_id: wishId, board_date: WISH_DAY }, tick())).toEqual({
      wishId,
      count: 1,
    });
    const twice = await failure(cheerWish(t.db, bob.id, { wish_id: wishId }, tick()));
    expect(twice).toBeInstanceOf(ConflictError);
    expect(twice.message).toMatch(/already wish this too/);
    expect((await cheerWish(t.db, carol.id, { wish_id: wishId }, tick())).count).toBe(2);
    const board = (await findBoardByDate(t.db, WISH_DAY))!;
    const view = await loadBoardView(t.db, board, viewer(bob.id), tick().now, schedule);
    const wish = view.wishes.find((w) => w.id === wishId)!;
    expect([wish.cheerCount, wish.cheeredByViewer]).toEqual([2, true]);
  });

  it('lets only the wisher accept an offer, once, and tells the offerer', async () => {
    const offer = await t.db
      .selectFrom('offers')
      .select('id')
      .where('kind', '=', 'introduction')
      .executeTakeFirstOrThrow();
    expect(await failure(acceptOffer(t.db, bob, { offer_id: offer.id }, tick()))).toBeInstanceOf(ForbiddenError);
    const wrongWish = await failure(acceptOffer(t.db, alice, { offer_id: offer.id, wish_id: wishId + 1 }, tick()));
    expect(wrongWish.status).toBe(400);
    expect(await failure(acceptOffer(t.db, alice, { offer_id: 424242 }, tick()))).toBeInstanceOf(NotFoundError);
    await acceptOffer(t.db, alice, { offer_id: offer.id, wish_id: wishId }, tick());
    expect(await notificationsOf(t.db, bob.id)).toContainEqual({
      kind: 'offer-accepted',
      message: 'Alice accepted your offer of introduction',
      link: `/wishes/${WISH_DAY}/${wishId}#thread-${offer.id}`,
    });
    expect((await failure(acceptOffer(t.db, alice, { offer_id: offer.id }, tick()))).status).toBe(409);
  });

  it('holds a visitor offer until approved; then the wisher hears of it', async () => {
    const offer = await postOffer(
      t.db,
      as(null, 'visitor-hash-9'),
      {
        wish_id: wishId,
        kind: 'resource',
        body: 'A list of [agencies](https://example.org).',
        name: 'Val',
        email: 'val@example.org',
      },
      tick(),
    );
    expect(offer.status).toBe('pending');
    const count = async () => (await notificationsOf(t.db, alice.id)).filter((n) => n.kind === 'offer-to-you').length;
    const before = await count();
    const queue = await listModerationQueue(t.db);
    expect(queue.pending.map((i) => [i.target, i.id])).toContainEqual(['offer', offer.offerId]);
    await moderate(t.db, { target: 'offer', id: offer.offerId, status: 'approved' }, tick());
    expect(await count()).toBe(before + 1);
    expect((await notificationsOf(t.db, alice.id)).at(-1)!.message).toBe('Val offered resource on your wish');
    await moderate(t.db, { target: 'offer', id: offer.offerId, status: 'spam' }, tick());
    const board = (await findBoardByDate(t.db, WISH_DAY))!;
    const view = await loadBoardView(t.db, board, viewer(null), tick().now, schedule);
    expect(view.wishes.find((w) => w.id === wishId)!.offers.map((o) => o.id)).not.toContain(offer.offerId);
    expect(await failure(moderate(t.db, { target: 'wish', id: 77_777, status: 'deleted' }, tick()))).toBeInstanceOf(
      NotFoundError,
    );
    expect(
      (await failure(moderate(t.db, { target: 'post', id: 1, status: 'approved' }, tick()))).fields.target,
    ).toBeTruthy();
  });

  it('closes offers and cheers on a board when the next one opens', async () => {
    const nextWednesday = at('2026-12-01T23:00:00Z'); // Wed 2 December 00:00 in Berlin
    const offer = await failure(
      postOffer(t.db, as(carol), { wish_id: wishId, kind: 'skill', body: 'Late offer' }, nextWednesday),
    );
    expect(offer.status).toBe(409);
    expect(offer.message).toMatch(/^Offers on the board of Wednesday, 25 November 2026 closed/);
    const cheer = await failure(cheerWish(t.db, author.id, { wish_id: wishId }, nextWednesday));
    expect(cheer.status).toBe(409);
    // One second earlier both were still open.
    const lastSecond = at('2026-12-01T22:59:59Z');
    expect((await cheerWish(t.db, author.id, { wish_id: wishId }, lastSecond)).count).toBe(3);
  });

  it('lets only the wisher mark a wish granted, with a sanitised thank-you note', async () => {
    expect(await failure(grantWish(t.db, bob, { wish_id: wishId }, tick()))).toBeInstanceOf(ForbiddenError);
    expect(await failure(grantWish(t.db, alice, { wish_id: 123_456 }, tick()))).toBeInstanceOf(NotFoundError);
    const tooLong = await failure(grantWish(t.db, alice, { wish_id: wishId, thank_you: 'x'.repeat(1001) }, tick()));
    expect(tooLong.fields.thank_you).toMatch(/at most 1,000/);
    // Granting works on a past board too: wishes come true later.
    await grantWish(
      t.db,
      alice,
      { wish_id: wishId, thank_you: 'Thank you **Bob**! <script>alert(1)</script>' },
      at('2026-12-20T10:00:00Z'),
    );
    expect((await failure(grantWish(t.db, alice, { wish_id: wishId }, tick()))).status).toBe(409);
    const granted = (await listGrantedPage(t.db, null)).wishes;
    expect(granted).toHaveLength(1);
    expect(granted[0]).toMatchObject({ id: wishId, boardDate: WISH_DAY, authorName: 'Alice' });
    // Typed HTML is shown as the text it is, never run.
    expect(granted[0]!.thankYouHtml).toBe(
      '<p>Thank you <strong>Bob</strong>! &lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it('counts wishes, offers and granted wishes per board', async () => {
    const [board] = await listBoardArchive(t.db, WISH_DAY);
    // Alice's and Vera's two wishes; Carol's and Bob's offers (Val's is spam); Alice's granted.
    expect(board).toMatchObject({ date: WISH_DAY, wishes: 3, offers: 2, granted: 1 });
  });

  it('shows the board state: wishes open on the wish day only, offers all week', async () => {
    const board = await ensureCurrentBoard(t.db, at('2026-11-27T12:00:00Z').now, schedule);
    expect(board.date).toBe(WISH_DAY);
    const friday = await loadBoardView(t.db, board, viewer(null), new Date('2026-11-27T12:00:00Z'), schedule);
    expect([friday.wishesOpen, friday.offersOpen]).toEqual([false, true]);
    const wednesday = await loadBoardView(t.db, board, viewer(null), new Date('2026-11-25T12:00:00Z'), schedule);
    expect([wednesday.wishesOpen, wednesday.offersOpen]).toEqual([true, true]);
  });
});
