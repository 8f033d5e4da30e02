// Visitors as first-class wishers: the manage link (hashed, mailed, shown once,
// replaceable), accepting through it, and owners' edits and deletions within the rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/errors.ts';
import { hashToken } from '../../src/lib/tokens.ts';
import { deleteOffer, deleteWish, editOffer, editWish } from '../../src/lib/wishes/loop/editing.ts';
import {
  manageTokenFromPath,
  replaceManageLinks,
  resolveManageLink,
} from '../../src/lib/wishes/visitors/manage-links.ts';
import { moderate } from '../../src/lib/wishes/moderation.ts';
import { acceptOffer } from '../../src/lib/wishes/loop/outcomes.ts';
import { postOffer, postWish } from '../../src/lib/wishes/service.ts';
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
  tokenIn,
  WISH_DAY,
  wishContext,
  type Person,
  confirmVisitorAddresses,
} from '../helpers/wish-loop.ts';
import { SITE_NAME_SLOT } from '../../src/lib/mail/compose.ts';

describe.each(dbTargets)('manage links and owners on %s', (target) => {
  let t: TestDatabase;
  let author: Person, bob: Person, carol: Person;
  const clock = createClock();
  const outbox = createOutbox(clock.now);
  const ctx = () => wishContext(clock.tick(), outbox.sendMail);
  let veraToken: string;
  let veraWish: number;
  let bobOffer: number;

  beforeAll(async () => {
    t = await openTestDb(target);
    author = await makePerson(t.db, 'Ada Author', 'author');
    bob = await makePerson(t.db, 'Bob');
    carol = await makePerson(t.db, 'Carol');
    await confirmVisitorAddresses(t.db, 'vera@example.org', 'wes@example.org', 'val@example.org');
  });
  afterAll(() => t?.drop());

  it("gives a visitor's wish a random manage link, stores only its hash, and mails it", async () => {
    const posted = await postWish(
      t.db,
      actor(null, 'vera-cookie'),
      { board_date: WISH_DAY, body: 'I wish to meet a *bookbinder*.', name: 'Vera', email: 'vera@example.org' },
      ctx(),
    );
    expect(posted.status).toBe('pending');
    veraWish = posted.wishId;
    veraToken = posted.manageToken!;
    expect(veraToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.selectFrom('manage_links').selectAll().execute();
    expect(stored).toHaveLength(2); // the link shown after posting, and the mail's own
    expect(stored.find((r) => r.token_hash === hashToken(veraToken))).toMatchObject({
      wish_id: veraWish,
      offer_id: null,
    });
    expect(stored.every((r) => r.wish_id === veraWish)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(veraToken);
    // The mail carries a link of its own (minted when it is sent), absolute, to the same wish.
    const mail = outbox.mails.at(-1)!;
    expect(mail).toMatchObject({
      to: 'vera@example.org',
      subject: `Your wish on ${SITE_NAME_SLOT}: your private link`,
    });
    const mailed = tokenIn(mail);
    expect(mail.html).toContain(`href="http://wishcast.test/wishes/manage/${mailed}"`);
    expect(await resolveManageLink(t.db, mailed, clock.now())).toMatchObject({ wishId: veraWish });
    expect(manageTokenFromPath(`/wishes/manage/${veraToken}`)).toBe(veraToken);
    expect(manageTokenFromPath('/wishes/manage/short')).toBeNull();
    // Readers get no link: they have their account.
    const reader = await postWish(t.db, actor(carol), { board_date: WISH_DAY, body: 'Carol wishes' }, ctx());
    expect(reader.manageToken).toBeNull();
    // A bot caught by the honeypot gets neither a link nor a mail.
    const before = outbox.mails.length;
    const bot = await postWish(
      t.db,
      actor(null, 'bot'),
      { board_date: WISH_DAY, body: 'Spam', name: 'Bot', email: 'bot@example.org', website_url_confirm: 'x' },
      ctx(),
    );
    expect([bot.status, bot.manageToken, outbox.mails.length]).toEqual(['spam', null, before]);
  });

  it('shows a held wish through its link, and lets the link edit it for 15 minutes', async () => {
    const vera = await asLink(t.db, veraToken);
    expect(vera.link).toMatchObject({ wishId: veraWish, rootWishId: veraWish, offerId: null });
    const page = await loadWishPage(
      t.db,
      { boardDate: WISH_DAY, wishId: veraWish },
      { who: vera, visitorTokenHash: null },
      clock.now(),
      schedule,
    );
    expect(page).toMatchObject({ status: 'pending', isWisher: true, canEdit: true });
    const anonymous = await loadWishPage(
      t.db,
      { boardDate: WISH_DAY, wishId: veraWish },
      { who: { user: null, link: null }, visitorTokenHash: null },
      clock.now(),
      schedule,
    );
    expect(anonymous).toBeNull();

    const badLink = await failure(
      editWish(t.db, vera, { wish_id: veraWish, body: 'x', blog_url: 'javascript:alert(1)' }, ctx()),
    );
    expect(badLink).toBeInstanceOf(ValidationError);
    expect(badLink.fields.blog_url).toMatch(/starting with https/);
    await editWish(
      t.db,
      vera,
      { wish_id: veraWish, body: 'I wish to meet a bookbinder in Leeds.', blog_url: 'https://vera.example/wish' },
      ctx(),
    );
    const row = await t.db
      .selectFrom('wishes')
      .select(['body_html', 'blog_url', 'status'])
      .where('id', '=', veraWish)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      body_html: '<p>I wish to meet a bookbinder in Leeds.</p>',
      blog_url: 'https://vera.example/wish',
      status: 'pending',
    });
    expect(await failure(editWish(t.db, asUser(carol), { wish_id: veraWish, body: 'Mine now' }, ctx()))).toBeInstanceOf(
      ForbiddenError,
    );
    const late = await failure(
      editWish(
        t.db,
        vera,
        { wish_id: veraWish, body: 'Too late' },
        wishContext(new Date(clock.now().getTime() + 16 * 60_000), null),
      ),
    );
    expect(late).toBeInstanceOf(ForbiddenError);
    expect(late.message).toMatch(/15 minutes/);
    await moderate(t.db, { target: 'wish', id: veraWish, status: 'approved' }, ctx());
  });

  it('mails the visitor of each offer with a fresh link, and lets that link accept it', async () => {
    const offer = await postOffer(
      t.db,
      actor(bob),
      { wish_id: veraWish, board_date: WISH_DAY, kind: 'introduction', body: 'I know a bookbinder.' },
      ctx(),
    );
    bobOffer = offer.offerId;
    const mail = outbox.mails.at(-1)!;
    expect(mail).toMatchObject({ to: 'vera@example.org', subject: 'Bob offered introduction on your wish' });
    const fresh = tokenIn(mail);
    expect(fresh).not.toBe(veraToken);
    const viaMail = await asLink(t.db, fresh);
    // Someone else's account, or a link to another wish, may not accept.
    expect(await failure(acceptOffer(t.db, asUser(carol), { offer_id: bobOffer }, ctx()))).toBeInstanceOf(
      ForbiddenError,
    );
    const other = await postWish(
      t.db,
      actor(null, 'wes'),
      { board_date: WISH_DAY, body: 'Wes wishes', name: 'Wes', email: 'wes@example.org' },
      ctx(),
    );
    expect(
      await failure(acceptOffer(t.db, await asLink(t.db, other.manageToken!), { offer_id: bobOffer }, ctx())),
    ).toBeInstanceOf(ForbiddenError);
    await acceptOffer(t.db, viaMail, { offer_id: bobOffer, wish_id: veraWish }, ctx());
    expect(await noticesOf(t.db, bob.id)).toContainEqual({
      kind: 'offer-accepted',
      message: 'Vera accepted your offer of introduction',
      link: `/wishes/${WISH_DAY}/${veraWish}#thread-${bobOffer}`,
    });
  });

  it("gives a visitor's offer its own link, which acts on that offer only", async () => {
    const val = await postOffer(
      t.db,
      actor(null, 'val-cookie'),
      { wish_id: veraWish, kind: 'resource', body: 'A guild list', name: 'Val', email: 'val@example.org' },
      ctx(),
    );
    expect(outbox.mails.at(-1)).toMatchObject({
      to: 'val@example.org',
      subject: `Your offer on ${SITE_NAME_SLOT}: your private link`,
    });
    const valLink = await asLink(t.db, val.manageToken!);
    expect(valLink.link).toMatchObject({ offerId: val.offerId, wishId: null });
    await editOffer(t.db, valLink, { offer_id: val.offerId, kind: 'resource', body: 'A list of guilds' }, ctx());
    expect(
      await failure(editOffer(t.db, valLink, { offer_id: bobOffer, kind: 'skill', body: 'Hijack' }, ctx())),
    ).toBeInstanceOf(ForbiddenError);
    expect(await failure(acceptOffer(t.db, valLink, { offer_id: bobOffer }, ctx()))).toBeInstanceOf(ForbiddenError);
    // Deleting an offer never accepted removes it.
    await deleteOffer(t.db, valLink, { offer_id: val.offerId }, ctx());
    const status = await t.db
      .selectFrom('offers')
      .select(['status', 'withdrawn_at'])
      .where('id', '=', val.offerId)
      .executeTakeFirstOrThrow();
    expect(status).toEqual({ status: 'deleted', withdrawn_at: null });
    // The link of a deleted offer stops working.
    expect(await resolveManageLink(t.db, val.manageToken, clock.now())).toBeNull();
  });

  it('edits an offer for 15 minutes; deleting an accepted one leaves a withdrawn note and tells the wisher', async () => {
    const late = new Date(clock.now().getTime() + 20 * 60_000);
    expect(
      await failure(
        editOffer(t.db, asUser(bob), { offer_id: bobOffer, kind: 'skill', body: 'Changed' }, wishContext(late, null)),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(await failure(deleteOffer(t.db, asUser(carol), { offer_id: bobOffer }, ctx()))).toBeInstanceOf(
      ForbiddenError,
    );
    const done = await deleteOffer(t.db, asUser(bob), { offer_id: bobOffer }, ctx());
    expect(done.withdrawn).toBe(true);
    const row = await t.db
      .selectFrom('offers')
      .select(['status', 'body_md', 'body_html'])
      .where('id', '=', bobOffer)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'approved', body_md: '', body_html: '' });
    expect(outbox.mails.at(-1)).toMatchObject({ to: 'vera@example.org', subject: 'A message from Bob about a wish' });
    const page = await loadWishPage(
      t.db,
      { boardDate: WISH_DAY, wishId: veraWish },
      { who: { user: null, link: null }, visitorTokenHash: null },
      clock.now(),
      schedule,
    );
    const offer = page!.offers.find((o) => o.id === bobOffer)!;
    expect(offer.withdrawnAt).toBeInstanceOf(Date);
    expect(offer.bodyHtml).toBe('');
    expect(await failure(deleteOffer(t.db, asUser(bob), { offer_id: bobOffer }, ctx()))).toBeInstanceOf(NotFoundError);
  });

  it('replaces a link: every earlier link to the wish stops working, the new one works', async () => {
    const vera = await asLink(t.db, veraToken);
    const fresh = await replaceManageLinks(t.db, vera.link!, clock.tick());
    expect(await resolveManageLink(t.db, veraToken, clock.now())).toBeNull();
    for (const mail of outbox.mails.filter((m) => m.to === 'vera@example.org')) {
      expect(await resolveManageLink(t.db, tokenIn(mail), clock.now())).toBeNull();
    }
    expect(await resolveManageLink(t.db, fresh, clock.now())).toMatchObject({ wishId: veraWish });
    expect(await resolveManageLink(t.db, 'x'.repeat(43), clock.now())).toBeNull();
    expect(await resolveManageLink(t.db, '../../etc/passwd', clock.now())).toBeNull();
    veraToken = fresh;
  });

  it('lets a wisher delete a wish at any time; the page and the link are gone', async () => {
    const vera = await asLink(t.db, veraToken);
    expect(await failure(deleteWish(t.db, asUser(author), { wish_id: veraWish }, ctx()))).toBeInstanceOf(
      ForbiddenError,
    );
    await deleteWish(t.db, vera, { wish_id: veraWish }, wishContext(new Date('2027-03-01T10:00:00Z'), null));
    expect(
      await loadWishPage(
        t.db,
        { boardDate: WISH_DAY, wishId: veraWish },
        { who: asUser(author), visitorTokenHash: null },
        clock.now(),
        schedule,
      ),
    ).toBeNull();
    expect(await resolveManageLink(t.db, veraToken, clock.now())).toBeNull();
  });
});
