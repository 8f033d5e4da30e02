// The wish loop's edges (issue 27): a visitor who offered help is thanked when
// the wish is granted, as members are; a wisher cannot cheer their own wish;
// a new account's handle comes from its name, with a suffix when taken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../../src/lib/auth/signup.ts';
import { ConflictError } from '../../src/lib/errors.ts';
import { moderate } from '../../src/lib/wishes/moderation.ts';
import { grantWish } from '../../src/lib/wishes/loop/outcomes.ts';
import { cheerWish, postOffer, postWish } from '../../src/lib/wishes/service.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { TEST_PASSWORD } from '../helpers/fixtures.ts';
import { TEST_MAIL_CONTEXT } from '../helpers/mail.ts';
import {
  actor,
  asUser,
  confirmVisitorAddresses,
  createOutbox,
  failure,
  makePerson,
  noticesOf,
  schedule,
  START,
  WISH_DAY,
  wishContext,
} from '../helpers/wish-loop.ts';

describe.each(dbTargets)('the wish loop’s edges on %s', (target) => {
  let t: TestDatabase;
  const outbox = createOutbox();
  beforeAll(async () => {
    t = await openTestDb(target);
    await makePerson(t.db, 'Ada Author', 'author');
    await confirmVisitorAddresses(t.db, 'olga@example.org');
  });
  afterAll(() => t?.drop());

  it('thanks a visitor who offered help, by mail, when the wish is granted, as it tells members', async () => {
    const wisher = await makePerson(t.db, 'Wendy');
    const member = await makePerson(t.db, 'Mo');
    const ctx = wishContext(START, outbox.sendMail);
    const { wishId } = await postWish(t.db, actor(wisher), { board_date: WISH_DAY, body: 'A mentor for pottery' }, ctx);
    await postOffer(t.db, actor(member), { wish_id: wishId, kind: 'skill', body: 'I throw pots' }, ctx);
    const visitorOffer = await postOffer(
      t.db,
      actor(null, 'olga-device'),
      { wish_id: wishId, kind: 'introduction', body: 'I know a potter', name: 'Olga', email: 'olga@example.org' },
      ctx,
    );
    // A visitor's first offer waits for the author.
    await moderate(t.db, { target: 'offer', id: visitorOffer.offerId, status: 'approved' }, ctx);
    const before = outbox.mails.length;
    await grantWish(t.db, asUser(wisher), { wish_id: wishId, thank_you: 'Thank you **both**!' }, ctx);
    const thanks = outbox.mails.slice(before);
    expect(thanks.map((m) => [m.to, m.subject])).toEqual([['olga@example.org', "Wendy's wish came true"]]);
    expect(thanks[0]!.text).toContain('Wendy wrote: “Thank you both!”');
    expect((await noticesOf(t.db, member.id)).map((n) => n.kind)).toContain('wish-granted');
  });

  it('does not let a wisher cheer their own wish; others may', async () => {
    const wisher = await makePerson(t.db, 'Selma');
    const friend = await makePerson(t.db, 'Fred');
    const ctx = wishContext(START, null);
    const { wishId } = await postWish(t.db, actor(wisher), { board_date: WISH_DAY, body: 'A quiet desk' }, ctx);
    const own = await failure(cheerWish(t.db, wisher.id, { wish_id: String(wishId) }, { now: START, schedule }));
    expect(own).toBeInstanceOf(ConflictError);
    expect(own.message).toMatch(/your own wish/);
    expect(await cheerWish(t.db, friend.id, { wish_id: String(wishId) }, { now: START, schedule })).toMatchObject({
      count: 1,
    });
  });

  it('makes a new account’s handle from its name, with a suffix when it is taken', async () => {
    const context = () => ({ ip: null, now: START, mail: TEST_MAIL_CONTEXT });
    const first = await signUp(
      t.db,
      { name: 'Krista Kähler', email: 'krista1@example.org', password: TEST_PASSWORD },
      context(),
    );
    const second = await signUp(
      t.db,
      { name: 'Krista Kähler', email: 'krista2@example.org', password: TEST_PASSWORD },
      context(),
    );
    const handles = await t.db
      .selectFrom('users')
      .select(['id', 'handle'])
      .where('id', 'in', [first!, second!])
      .execute();
    const byId = new Map(handles.map((h) => [h.id, h.handle]));
    expect(byId.get(first!)).toBe('krista-kahler');
    expect(byId.get(second!)).toBe('krista-kahler-2');
  });
});
