// Taking your data and leaving, against a real database: the export holds all a
// member wrote and nothing secret; deleting the account keeps their comments in
// threads as "a former member" (text kept or removed), removes their wishes and
// sessions, and refuses a wrong password or the last author.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/lib/auth/users.ts';
import { createComment, type Commenter } from '../../src/lib/comments/service.ts';
import { ConflictError, DomainError, ValidationError } from '../../src/lib/errors.ts';
import { exportAccountData } from '../../src/lib/people/export.ts';
import { deleteAccount } from '../../src/lib/people/leave.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { cheerWish, postOffer, postWish, type Actor } from '../../src/lib/wishes/service.ts';
import { insertMessage } from '../../src/lib/wishes/loop/thread-repo.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost, TEST_PASSWORD } from '../helpers/fixtures.ts';

const schedule = { timeZone: 'UTC', wishWeekday: 3 };
const WISH_DAY = '2026-11-25';
const NOW_FOR_LIMITS = new Date('2026-11-25T12:00:00Z');

async function failure(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe.each(dbTargets)('leaving on %s', (target) => {
  let t: TestDatabase;
  let author: Account, mia: Account, noor: Account;
  let post: Post;
  let clock = new Date('2026-11-25T08:00:00Z').getTime();
  const tick = () => new Date((clock += 60_000));
  const who = (a: Account): Commenter & Actor => ({
    user: { id: a.id, name: a.name, role: a.role },
    ip: '198.51.100.7',
    visitorTokenHash: null,
  });
  const comment = async (a: Account, body: string, parent: number | null = null) =>
    (
      await createComment(
        t.db,
        { post_id: String(post.id), parent_id: parent ? String(parent) : '', body },
        who(a),
        tick(),
      )
    ).id!;
  const rows = (ids: number[]) =>
    t.db.selectFrom('comments').selectAll().where('id', 'in', ids).orderBy('id').execute();

  beforeAll(async () => {
    t = await openTestDb(target);
    author = await makeConfirmedAccount(t.db, { name: 'Alma Author', role: 'author' });
    mia = await makeConfirmedAccount(t.db, { name: 'Mia' });
    noor = await makeConfirmedAccount(t.db, { name: 'Noor' });
    post = await makePost(t.db, {
      title: 'Threads',
      authorId: author.id,
      publishedAt: new Date('2026-11-01T00:00:00Z'),
    });
  });
  afterAll(() => t?.drop());

  it("exports everything a member wrote, but never the password hash or others' data", async () => {
    const first = await comment(mia, 'Mia says hello');
    await comment(noor, 'Noor answers', first);
    const wish = await postWish(
      t.db,
      who(mia),
      { board_date: WISH_DAY, body: 'I wish for a bicycle' },
      { now: tick(), schedule },
    );
    await postOffer(
      t.db,
      who(noor),
      { wish_id: String(wish.wishId), board_date: WISH_DAY, kind: 'resource', body: 'Take mine' },
      { now: tick(), schedule },
    );
    await cheerWish(t.db, noor.id, { wish_id: String(wish.wishId) }, { now: tick(), schedule });
    await t.db
      .insertInto('sessions')
      .values({ id: 'mia-session-hash', user_id: mia.id, expires_at: new Date('2026-12-25T00:00:00Z') })
      .execute();

    const data = (await exportAccountData(t.db, mia.id, tick()))!;
    const json = JSON.stringify(data);
    expect(data.account).toMatchObject({ id: mia.id, name: 'Mia', email: mia.email, handle: 'mia', role: 'reader' });
    expect(json).not.toContain('password');
    expect(json).not.toContain('argon2');
    expect(json).not.toContain('mia-session-hash');
    expect(data.comments.map((c) => c.body_md)).toEqual(['Mia says hello']);
    expect(data.comments[0]).toMatchObject({ post_slug: post.slug, ip: '198.51.100.7' });
    expect(data.wishes.map((w) => [w.board_date, w.body_md])).toEqual([[WISH_DAY, 'I wish for a bicycle']]);
    expect(data.offers).toEqual([]);
    expect(data.notifications.map((n) => n.kind)).toContain('offer-to-you');
    expect(data.sessions).toHaveLength(1);
    expect(data.posts).toEqual([]);
    const noorData = (await exportAccountData(t.db, noor.id, tick()))!;
    expect(noorData.offers.map((o) => o.body_md)).toEqual(['Take mine']);
    expect(noorData.cheers.map((c) => c.wish_id)).toEqual([wish.wishId]);
    const authorData = (await exportAccountData(t.db, author.id, tick()))!;
    expect(authorData.posts.map((p) => p.title)).toEqual(['Threads']);
    expect(await exportAccountData(t.db, '00000000-0000-0000-0000-000000000000', tick())).toBeNull();
  });

  it('refuses a wrong password, a missing choice or confirmation, and changes nothing', async () => {
    const wrong = await failure(
      deleteAccount(t.db, mia.id, { password: 'not it', comments: 'keep', confirm: 'yes' }, tick()),
    );
    expect(wrong).toBeInstanceOf(ValidationError);
    expect(wrong.fields.password).toMatch(/not your password/);
    const unconfirmed = await failure(
      deleteAccount(t.db, mia.id, { password: TEST_PASSWORD, comments: 'keep' }, tick()),
    );
    expect(unconfirmed.fields.confirm).toMatch(/Tick the box/);
    const unchosen = await failure(deleteAccount(t.db, mia.id, { password: TEST_PASSWORD, confirm: 'yes' }, tick()));
    expect(unchosen.fields.comments).toMatch(/Choose/);
    expect(await t.db.selectFrom('users').select('id').where('id', '=', mia.id).executeTakeFirst()).toBeDefined();
  });

  it('stops guessing: after five wrong passwords in 15 minutes, even the right one waits', async () => {
    const guessed = await makeConfirmedAccount(t.db, { name: 'Guessed' });
    const attempt = (password: string) =>
      deleteAccount(t.db, guessed.id, { password, comments: 'keep', confirm: 'yes' }, NOW_FOR_LIMITS);
    for (let i = 0; i < 5; i++) expect((await failure(attempt(`wrong ${i}`))).status).toBe(400);
    expect((await failure(attempt(TEST_PASSWORD))).status).toBe(429);
    expect(await t.db.selectFrom('users').select('id').where('id', '=', guessed.id).executeTakeFirst()).toBeDefined();
  });

  it('keeps comments as "a former member" with their text, removes wishes and sessions', async () => {
    const held = await comment(mia, 'Held [a](http://a.example) [b](http://b.example)');
    const ids = (
      await t.db.selectFrom('comments').select('id').where('user_id', '=', mia.id).orderBy('id').execute()
    ).map((r) => r.id);
    expect(ids).toContain(held);

    const outcome = await deleteAccount(
      t.db,
      mia.id,
      { password: TEST_PASSWORD, comments: 'keep', confirm: 'yes' },
      tick(),
    );
    expect(outcome).toEqual({ commentsKept: 1, wishesRemoved: 1 });
    expect(await t.db.selectFrom('users').select('id').where('id', '=', mia.id).executeTakeFirst()).toBeUndefined();
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', mia.id).execute()).toEqual([]);
    expect(
      await t.db.selectFrom('wishes').select('id').where('body_md', '=', 'I wish for a bicycle').execute(),
    ).toEqual([]);
    // The offer and the cheer on her wish went with it.
    expect(await t.db.selectFrom('offers').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('reactions').select('subject_id').execute()).toEqual([]);

    const [kept] = await rows([ids[0]!]);
    expect(kept).toMatchObject({
      user_id: null,
      author_name: 'a former member',
      body_md: 'Mia says hello',
      status: 'approved',
      ip: null,
    });
    // The held comment nobody saw is gone; Noor's reply is untouched.
    expect(await rows([held])).toEqual([]);
    expect(
      (await t.db.selectFrom('comments').select('author_name').where('user_id', '=', noor.id).execute()).map(
        (r) => r.author_name,
      ),
    ).toEqual(['Noor']);
  });

  it('removes the text of the comments and offers of someone who asks for it', async () => {
    const zed = await makeConfirmedAccount(t.db, { name: 'Zed' });
    const id = await comment(zed, 'Please forget this');
    // An offer on Noor's wish, and a private message in its thread.
    const noorWish = await postWish(
      t.db,
      who(noor),
      { board_date: WISH_DAY, body: 'I wish for a quiet desk' },
      {
        now: tick(),
        schedule,
      },
    );
    const offer = await postOffer(
      t.db,
      who(zed),
      { wish_id: String(noorWish.wishId), board_date: WISH_DAY, kind: 'resource', body: 'My old desk is yours' },
      { now: tick(), schedule },
    );
    await insertMessage(
      t.db,
      { offerId: offer.offerId, side: 'offerer', userId: zed.id, authorName: 'Zed', now: tick() },
      { md: 'Call me on 555-0100', html: '<p>Call me on 555-0100</p>' },
    );
    const exported = (await exportAccountData(t.db, zed.id, tick()))!;
    expect(exported.messages.map((m) => m.body_md)).toEqual(['Call me on 555-0100']);

    await deleteAccount(t.db, zed.id, { password: TEST_PASSWORD, comments: 'remove', confirm: 'yes' }, tick());
    expect(await t.db.selectFrom('offer_messages').select('id').execute()).toEqual([]);
    const offerRow = await t.db
      .selectFrom('offers')
      .select(['author_name', 'body_md', 'user_id'])
      .where('id', '=', offer.offerId)
      .executeTakeFirstOrThrow();
    expect(offerRow).toEqual({ author_name: 'a former member', body_md: '', user_id: null });
    const [row] = await rows([id]);
    expect(row).toMatchObject({ author_name: 'a former member', body_md: '', status: 'approved' });
    expect(row!.body_html).toBe('<p><em>Its writer removed this when they left.</em></p>');
    expect(JSON.stringify(row)).not.toContain('Please forget this');
  });

  it('refuses to let the only author leave, and lets them once there is another', async () => {
    const refused = await failure(
      deleteAccount(t.db, author.id, { password: TEST_PASSWORD, comments: 'keep', confirm: 'yes' }, tick()),
    );
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused.message).toMatch(/only author/);
    await makeConfirmedAccount(t.db, { name: 'Second Author', role: 'author' });
    await deleteAccount(t.db, author.id, { password: TEST_PASSWORD, comments: 'keep', confirm: 'yes' }, tick());
    const stays = await t.db
      .selectFrom('posts')
      .select(['title', 'author_id'])
      .where('id', '=', post.id)
      .executeTakeFirstOrThrow();
    expect(stays).toEqual({ title: 'Threads', author_id: null });
  });
});
