// "How did it go?" with a moving clock: each follow-up once per wish and step,
// however many callers run at once; carrying forward, resting and granting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/db.ts';
import { ConflictError, ForbiddenError } from '../../src/lib/errors.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { sendDueFollowUps } from '../../src/lib/wishes/loop/followups.ts';
import { resolveManageLink } from '../../src/lib/wishes/visitors/manage-links.ts';
import { moderate } from '../../src/lib/wishes/moderation.ts';
import { acceptOffer, carryForward, grantWish, letRest } from '../../src/lib/wishes/loop/outcomes.ts';
import type { Participant } from '../../src/lib/wishes/loop/participants.ts';
import { postOffer, postWish } from '../../src/lib/wishes/service.ts';
import { loadWishPage } from '../../src/lib/wishes/loop/wish-page.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import {
  actor,
  asLink,
  asUser,
  createOutbox,
  failure,
  makePerson,
  noticesOf,
  schedule,
  SITE,
  START,
  tokenIn,
  WISH_DAY,
  wishContext,
  type Person,
  confirmVisitorAddresses,
} from '../helpers/wish-loop.ts';
import { SITE_NAME_SLOT } from '../../src/lib/mail/compose.ts';

const DAY = 86_400_000;
const after = (days: number, extraMs = 0) => new Date(START.getTime() + days * DAY + extraMs);

describe.each(dbTargets)('follow-ups on %s', (target) => {
  let t: TestDatabase;
  /** A second handle on the same database, as a second app process would have (PostgreSQL only). */
  let other: Db;
  let alice: Person, bob: Person, carol: Person;
  const outbox = createOutbox();
  let vera: Participant;
  let veraWish: number, aliceWish: number, carolWish: number;
  const wishes: number[] = [];
  const options = { siteUrl: SITE, sendMail: outbox.sendMail };

  beforeAll(async () => {
    t = await openTestDb(target);
    other = t.url ? createDb({ databaseUrl: t.url, dataDir: '' }) : t.db;
    await makePerson(t.db, 'Ada Author', 'author');
    alice = await makePerson(t.db, 'Alice');
    bob = await makePerson(t.db, 'Bob');
    carol = await makePerson(t.db, 'Carol');
    await confirmVisitorAddresses(t.db, 'vera@example.org', 'hal@example.org');
    const at = (minutes: number) => wishContext(new Date(START.getTime() + minutes * 60_000), outbox.sendMail);
    aliceWish = (await postWish(t.db, actor(alice), { board_date: WISH_DAY, body: 'Alice wishes' }, at(0))).wishId;
    carolWish = (await postWish(t.db, actor(carol), { board_date: WISH_DAY, body: 'Carol wishes' }, at(1))).wishId;
    const v = await postWish(
      t.db,
      actor(null, 'vera'),
      { board_date: WISH_DAY, body: 'I wish for a printer', name: 'Vera', email: 'vera@example.org' },
      at(2),
    );
    veraWish = v.wishId;
    vera = await asLink(t.db, v.manageToken!);
    await moderate(t.db, { target: 'wish', id: veraWish, status: 'approved' }, at(3));
    for (let i = 0; i < 4; i++) {
      const who = await makePerson(t.db, `Reader ${i}`);
      wishes.push((await postWish(t.db, actor(who), { board_date: WISH_DAY, body: `Wish ${i}` }, at(4 + i))).wishId);
    }
    const offer = await postOffer(t.db, actor(bob), { wish_id: veraWish, kind: 'introduction', body: 'Ask Jo' }, at(9));
    await acceptOffer(t.db, vera, { offer_id: offer.offerId }, at(10));
    // A pending visitor wish is never followed up.
    await postWish(
      t.db,
      actor(null, 'held'),
      { board_date: WISH_DAY, body: 'Held', name: 'Hal', email: 'hal@example.org' },
      at(11),
    );
  });
  afterAll(async () => {
    if (other !== t.db) await other.destroy();
    await t?.drop();
  });

  it('sends nothing before two weeks have passed', async () => {
    expect(await sendDueFollowUps(t.db, after(13, 23 * 3600_000), options)).toEqual([]);
  });

  it('sends the two-week follow-up once per wish, even with two callers at once', async () => {
    const now = after(14, 3600_000);
    const mailsBefore = outbox.mails.length;
    const [a, b] = await Promise.all([sendDueFollowUps(t.db, now, options), sendDueFollowUps(other, now, options)]);
    const sent = [...a, ...b].map((s) => s.wishId).sort((x, y) => x - y);
    expect(sent).toEqual([aliceWish, carolWish, veraWish, ...wishes].sort((x, y) => x - y));
    expect([...a, ...b].every((s) => s.step === 2)).toBe(true);
    const rows = await t.db.selectFrom('wish_followups').select(['wish_id', 'step']).execute();
    expect(rows).toHaveLength(7);
    expect(await noticesOf(t.db, alice.id)).toContainEqual({
      kind: 'wish-followup',
      message: 'How did your wish of Wednesday, 25 November go? We would love to hear.',
      link: `/wishes/${WISH_DAY}/${aliceWish}#how-did-it-go`,
    });
    const followUps = async (userId: string) =>
      (await noticesOf(t.db, userId)).filter((n) => n.kind === 'wish-followup').length;
    expect(await followUps(alice.id)).toBe(1);
    // The visitor gets one mail, whose fresh link opens her wish.
    const mails = outbox.mails.slice(mailsBefore);
    expect(mails.map((m) => [m.to, m.subject])).toEqual([
      ['vera@example.org', `How did it go? Your wish on ${SITE_NAME_SLOT}`],
    ]);
    expect(await resolveManageLink(t.db, tokenIn(mails[0]!), after(14))).toMatchObject({ wishId: veraWish });
    // Running again, later the same day, sends nothing more.
    expect(await sendDueFollowUps(t.db, after(14, 5 * 3600_000), options)).toEqual([]);
    expect(await followUps(alice.id)).toBe(1);
  });

  it('asks the wisher on the page while the wish is open', async () => {
    const page = await loadWishPage(
      t.db,
      { boardDate: WISH_DAY, wishId: veraWish },
      { who: vera, visitorTokenHash: null },
      after(14, 3600_000),
      schedule,
    );
    expect(page).toMatchObject({ followUpStep: 2, isOpen: true });
    const reader = await loadWishPage(
      t.db,
      { boardDate: WISH_DAY, wishId: veraWish },
      { who: asUser(bob), visitorTokenHash: null },
      after(14, 3600_000),
      schedule,
    );
    expect(reader!.followUpStep).toBeNull();
  });

  it('carries a wish forward once, to the current board, keeping its offers in view', async () => {
    const ctx = wishContext(after(14, 2 * 3600_000), null);
    expect(await failure(carryForward(t.db, asUser(bob), { wish_id: veraWish }, { ...ctx, schedule }))).toBeInstanceOf(
      ForbiddenError,
    );
    const carried = await carryForward(t.db, vera, { wish_id: veraWish }, { ...ctx, schedule });
    expect(carried.boardDate).toBe('2026-12-09');
    expect(await failure(carryForward(t.db, vera, { wish_id: veraWish }, { ...ctx, schedule }))).toBeInstanceOf(
      ConflictError,
    );
    const page = (await loadWishPage(
      t.db,
      { boardDate: '2026-12-09', wishId: carried.wishId },
      { who: vera, visitorTokenHash: null },
      ctx.now,
      schedule,
    ))!;
    expect(page.carriedFrom).toEqual({ boardDate: WISH_DAY, wishId: veraWish });
    expect(page.bodyHtml).toBe('<p>I wish for a printer</p>');
    expect(page.earlier.map((e) => [e.wishId, e.offers.map((o) => o.authorName)])).toEqual([[veraWish, ['Bob']]]);
    // The thread under the accepted offer is still the wisher's to read from the new wish.
    expect(page.earlier[0]!.offers[0]!.thread?.side).toBe('wisher');
    const original = (await loadWishPage(
      t.db,
      { boardDate: WISH_DAY, wishId: veraWish },
      { who: { user: null, link: null }, visitorTokenHash: null },
      ctx.now,
      schedule,
    ))!;
    expect(original).toMatchObject({ carriedTo: { boardDate: '2026-12-09', wishId: carried.wishId }, isOpen: false });
    // The copy is on this week's board already: there is nowhere to carry it.
    const again = await failure(carryForward(t.db, vera, { wish_id: carried.wishId }, { ...ctx, schedule }));
    expect(again.message).toMatch(/already on this week's board/);
    // The same link manages the carried wish: it may be granted through it.
    await grantWish(t.db, vera, { wish_id: carried.wishId, thank_you: 'Jo printed it! *Thank you*, Bob.' }, ctx);
    expect(await failure(letRest(t.db, vera, { wish_id: carried.wishId }, ctx))).toBeInstanceOf(ConflictError);
  });

  it('lets a wish rest, and then asks no more', async () => {
    const ctx = wishContext(after(20), null);
    await letRest(t.db, asUser(alice), { wish_id: aliceWish }, ctx);
    expect(await failure(letRest(t.db, asUser(alice), { wish_id: aliceWish }, ctx))).toBeInstanceOf(ConflictError);
    expect(await failure(letRest(t.db, asUser(bob), { wish_id: carolWish }, ctx))).toBeInstanceOf(ForbiddenError);
    await grantWish(t.db, asUser(carol), { wish_id: carolWish, thank_you: 'It came true.' }, ctx);
  });

  it('sends the six-week follow-up to wishes still open only, once', async () => {
    const sixWeeks = after(42, 3600_000);
    const [a, b] = await Promise.all([
      sendDueFollowUps(t.db, sixWeeks, options),
      sendDueFollowUps(other, sixWeeks, options),
    ]);
    // Alice's rests, Carol's is granted, Vera's was carried forward (its copy is only four weeks old).
    expect([...a, ...b].map((s) => [s.wishId, s.step]).sort()).toEqual(wishes.map((id) => [id, 6]).sort());
    expect(await sendDueFollowUps(t.db, after(42, 7200_000), options)).toEqual([]);
    // A week later the step's window has passed: nothing is sent late.
    expect(await sendDueFollowUps(t.db, after(49, 60_000), options)).toEqual([]);
  });

  it('follows the setting: no weeks, no follow-ups', async () => {
    await updateSettings(t.db, { followUpWeeks: [] });
    const fresh = await postWish(
      t.db,
      actor(bob),
      { board_date: '2027-01-06', body: 'Bob wishes in January' },
      wishContext(new Date('2027-01-06T10:00:00Z'), null),
    );
    expect(fresh.status).toBe('approved');
    expect(await sendDueFollowUps(t.db, new Date('2027-01-20T12:00:00Z'), options)).toEqual([]);
    await updateSettings(t.db, { followUpWeeks: [2] });
    expect(await sendDueFollowUps(t.db, new Date('2027-01-20T12:00:00Z'), options)).toEqual([
      { wishId: fresh.wishId, step: 2 },
    ]);
  });
});
