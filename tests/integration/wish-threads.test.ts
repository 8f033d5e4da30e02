// The private thread under an accepted offer: who reads it, who writes, the
// notices each message sends, and contact details shared only on a click.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/lib/errors.ts';
import { moderate } from '../../src/lib/wishes/moderation.ts';
import { NOBODY, type Participant } from '../../src/lib/wishes/loop/participants.ts';
import { acceptOffer } from '../../src/lib/wishes/loop/outcomes.ts';
import { postOffer, postWish } from '../../src/lib/wishes/service.ts';
import { postMessage, shareContact } from '../../src/lib/wishes/loop/threads.ts';
import { loadWishPage } from '../../src/lib/wishes/loop/wish-page.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import {
  actor,
  asLink,
  asUser,
  createClock,
  createOutbox,
  failure,
  makePerson,
  noticesOf,
  schedule,
  WISH_DAY,
  wishContext,
  type Person,
  confirmVisitorAddresses,
} from '../helpers/wish-loop.ts';

describe.each(dbTargets)('private threads on %s', (target) => {
  let t: TestDatabase;
  let author: Person, bob: Person, carol: Person;
  const clock = createClock();
  const outbox = createOutbox();
  const ctx = () => wishContext(clock.tick(), outbox.sendMail);
  let vera: Participant;
  let wishId: number;
  let offerId: number;
  let unacceptedOfferId: number;

  const pageAs = (who: Participant) =>
    loadWishPage(t.db, { boardDate: WISH_DAY, wishId }, { who, visitorTokenHash: null }, clock.now(), schedule);
  const threadAs = async (who: Participant) => (await pageAs(who))!.offers.find((o) => o.id === offerId)!.thread;

  beforeAll(async () => {
    t = await openTestDb(target);
    author = await makePerson(t.db, 'Ada Author', 'author');
    bob = await makePerson(t.db, 'Bob');
    carol = await makePerson(t.db, 'Carol');
    await confirmVisitorAddresses(t.db, 'vera@example.org');
    const wish = await postWish(
      t.db,
      actor(null, 'vera-cookie'),
      {
        board_date: WISH_DAY,
        body: 'I wish for an introduction to a printer.',
        name: 'Vera',
        email: 'vera@example.org',
      },
      ctx(),
    );
    wishId = wish.wishId;
    vera = await asLink(t.db, wish.manageToken!);
    await moderate(t.db, { target: 'wish', id: wishId, status: 'approved' }, ctx());
    const offer = await postOffer(
      t.db,
      actor(bob),
      { wish_id: wishId, kind: 'introduction', body: 'My cousin prints zines.' },
      ctx(),
    );
    offerId = offer.offerId;
    const other = await postOffer(
      t.db,
      actor(carol),
      { wish_id: wishId, kind: 'encouragement', body: 'Go for it' },
      ctx(),
    );
    unacceptedOfferId = other.offerId;
  });
  afterAll(() => t?.drop());

  it('has no thread before the offer is accepted, and refuses messages under it', async () => {
    expect(await threadAs(asUser(bob))).toBeNull();
    const early = await failure(postMessage(t.db, asUser(bob), { offer_id: offerId, body: 'Hello?' }, ctx()));
    expect(early).toBeInstanceOf(ConflictError);
    await acceptOffer(t.db, vera, { offer_id: offerId }, ctx());
  });

  it('shows the thread to the wisher, the offerer and the author only', async () => {
    expect((await threadAs(vera))!.side).toBe('wisher');
    expect((await threadAs(asUser(bob)))!.side).toBe('offerer');
    expect((await threadAs(asUser(author)))!).toMatchObject({ side: 'author', canWrite: false, canShare: false });
    expect(await threadAs(asUser(carol))).toBeNull();
    expect(await threadAs(NOBODY)).toBeNull();
    // Another offerer on the same wish sees their own offer, and no thread of anyone else's.
    const carolPage = (await pageAs(asUser(carol)))!;
    expect(carolPage.offers.every((o) => o.thread === null)).toBe(true);
  });

  it('sends each message to the other side: a notice for an account, a mail for a visitor', async () => {
    await postMessage(t.db, vera, { offer_id: offerId, body: 'Thank you! Could you *introduce* us?' }, ctx());
    expect((await noticesOf(t.db, bob.id)).at(-1)).toEqual({
      kind: 'wish-message',
      message: 'Vera wrote to you about a wish',
      link: `/wishes/${WISH_DAY}/${wishId}#thread-${offerId}`,
    });
    await postMessage(t.db, asUser(bob), { offer_id: offerId, body: 'Of course. <b>Friday</b>?' }, ctx());
    const mail = outbox.mails.at(-1)!;
    expect(mail).toMatchObject({ to: 'vera@example.org', subject: 'A message from Bob about a wish' });
    expect(mail.text).toContain('Of course. <b>Friday</b>?');
    expect(mail.html).toContain('Of course. &lt;b&gt;Friday&lt;/b&gt;?');
    const thread = (await threadAs(asUser(bob)))!;
    expect(thread.messages.map((m) => [m.authorName, m.bodyHtml, m.mine])).toEqual([
      ['Vera', '<p>Thank you! Could you <em>introduce</em> us?</p>', false],
      ['Bob', '<p>Of course. &lt;b&gt;Friday&lt;/b&gt;?</p>', true],
    ]);
    // Nobody else may write, and the author reads without writing.
    expect(
      await failure(postMessage(t.db, asUser(carol), { offer_id: offerId, body: 'Me too' }, ctx())),
    ).toBeInstanceOf(ForbiddenError);
    expect(await failure(postMessage(t.db, asUser(author), { offer_id: offerId, body: 'Hi' }, ctx()))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await failure(postMessage(t.db, NOBODY, { offer_id: offerId, body: 'Hi' }, ctx()))).toBeInstanceOf(
      ForbiddenError,
    );
    const empty = await failure(postMessage(t.db, vera, { offer_id: offerId, body: '  ' }, ctx()));
    expect(empty.fields.body).toBe('Your message is required.');
    expect(
      await failure(postMessage(t.db, asUser(carol), { offer_id: unacceptedOfferId, body: 'Not accepted' }, ctx())),
    ).toBeInstanceOf(ConflictError);
  });

  it('shares nothing without the click; then exactly what was chosen, with the other side told', async () => {
    const everything = JSON.stringify(await pageAs(asUser(bob)));
    expect(everything).not.toContain('vera@example.org');
    const bobsEmail = (
      await t.db.selectFrom('users').select('email').where('id', '=', bob.id).executeTakeFirstOrThrow()
    ).email;
    expect(JSON.stringify(await pageAs(vera))).not.toContain(bobsEmail);

    await shareContact(t.db, vera, { offer_id: offerId, what: 'email' }, ctx());
    const bobSees = (await threadAs(asUser(bob)))!.messages.at(-1)!;
    expect(bobSees.shared).toEqual({ kind: 'email', value: 'vera@example.org', href: 'mailto:vera@example.org' });
    expect((await noticesOf(t.db, bob.id)).at(-1)!.message).toBe('Vera shared their email address with you');
    expect((await threadAs(vera))!.shared).toEqual({ email: true, website: false });
    // Vera's sharing did not share Bob's.
    expect(JSON.stringify(await pageAs(vera))).not.toContain(bobsEmail);
    const twice = await failure(shareContact(t.db, vera, { offer_id: offerId, what: 'email' }, ctx()));
    expect(twice).toBeInstanceOf(ConflictError);

    const bad = await failure(
      shareContact(t.db, asUser(bob), { offer_id: offerId, what: 'website', website: 'javascript:alert(1)' }, ctx()),
    );
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.fields.website).toMatch(/https/);
    await shareContact(
      t.db,
      asUser(bob),
      { offer_id: offerId, what: 'website', website: 'https://bob.example' },
      ctx(),
    );
    expect(outbox.mails.at(-1)).toMatchObject({
      to: 'vera@example.org',
      subject: 'Bob shared their website with you',
    });
    expect((await threadAs(vera))!.messages.at(-1)!.shared).toEqual({
      kind: 'website',
      value: 'https://bob.example/',
      href: 'https://bob.example/',
    });
    expect(
      await failure(shareContact(t.db, asUser(carol), { offer_id: offerId, what: 'email' }, ctx())),
    ).toBeInstanceOf(ForbiddenError);
  });

  it('keeps a withdrawn offer’s thread readable, and closed', async () => {
    const { deleteOffer } = await import('../../src/lib/wishes/loop/editing.ts');
    await deleteOffer(t.db, asUser(bob), { offer_id: offerId }, ctx());
    const thread = (await threadAs(vera))!;
    expect(thread.messages.length).toBe(4);
    expect([thread.canWrite, thread.canShare]).toEqual([false, false]);
    expect(await failure(postMessage(t.db, vera, { offer_id: offerId, body: 'Still there?' }, ctx()))).toBeInstanceOf(
      ConflictError,
    );
  });
});
