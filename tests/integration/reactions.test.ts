// Reactions against a real database: a heart, "me too" or "thank you" counts
// once per person and kind and a second press takes it back; hidden posts and
// comments refuse them; moderation and deletion stop them counting; a reaction
// reaches the next view of the thread on every process; and the wish cheers
// of before moved into the same table.
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider, migrations } from '../../db/migrations/index.ts';
import type { Account } from '../../src/lib/auth/users.ts';
import { applyDecision } from '../../src/lib/comments/moderation.ts';
import { createComment, deleteOwnComment } from '../../src/lib/comments/service.ts';
import { ThreadViews } from '../../src/lib/comments/view.ts';
import { createDb, type Db } from '../../src/lib/db.ts';
import { ConflictError, DomainError, NotFoundError } from '../../src/lib/errors.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { toggleReaction } from '../../src/lib/reactions/service.ts';
import { postReactionsView } from '../../src/lib/reactions/view.ts';
import { createScopedVersionReader } from '../../src/server/cache/version-reader.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const text = (html: string | Uint8Array) => (typeof html === 'string' ? html : Buffer.from(html).toString('utf8'));

describe.each(dbTargets)('reactions on %s', (target) => {
  let t: TestDatabase;
  let ann: Account, ben: Account, cat: Account;
  let post: Post;
  let clock = new Date('2026-03-01T12:00:00Z');
  const tick = () => (clock = new Date(clock.getTime() + 60_000));
  const react = (who: Account, subject: 'post' | 'comment', id: number, kind: string) =>
    toggleReaction(t.db, who.id, { subject, subject_id: String(id), kind }, tick());
  const comment = async (who: Account, body: string, onPost = post) => {
    const created = await createComment(
      t.db,
      { post_id: String(onPost.id), body },
      { user: { id: who.id, name: who.name, role: who.role }, ip: null, visitorTokenHash: null },
      tick(),
      { rateLimitFactor: 1000 },
    );
    return created.id!;
  };

  beforeAll(async () => {
    t = await openTestDb(target);
    const author = await makeConfirmedAccount(t.db, { name: 'Alma', role: 'author' });
    ann = await makeConfirmedAccount(t.db, { name: 'Ann' });
    ben = await makeConfirmedAccount(t.db, { name: 'Ben' });
    cat = await makeConfirmedAccount(t.db, { name: 'Cat' });
    post = await makePost(t.db, { authorId: author.id, publishedAt: new Date('2026-02-20T10:00:00Z') });
  });
  afterAll(() => t?.drop());

  it('counts a reaction once per person and kind; the same press again takes it back', async () => {
    expect(await react(ann, 'post', post.id, 'heart')).toMatchObject({ given: true, count: 1, postId: post.id });
    expect(await react(ben, 'post', post.id, 'heart')).toMatchObject({ given: true, count: 2 });
    // Another kind from the same person counts on its own.
    expect(await react(ann, 'post', post.id, 'thanks')).toMatchObject({ given: true, count: 1 });
    // Ann presses her heart again: taken back, then given again; never two.
    expect(await react(ann, 'post', post.id, 'heart')).toMatchObject({ given: false, count: 1 });
    expect(await react(ann, 'post', post.id, 'heart')).toMatchObject({ given: true, count: 2 });

    const view = await postReactionsView(t.db, post.id, ann.id);
    expect(view.tally).toEqual({ heart: 2, 'me-too': 0, thanks: 1 });
    expect(view.given.map((g) => g.kind).sort()).toEqual(['heart', 'thanks']);
    expect([...view.reactors].sort()).toEqual([ann.id, ben.id].sort());
    expect((await postReactionsView(t.db, post.id, cat.id)).given).toEqual([]);
    // The table says so too: one row per person and kind.
    const rows = await t.db
      .selectFrom('reactions')
      .select(['user_id', 'kind'])
      .where('subject_kind', '=', 'post')
      .execute();
    expect(rows).toHaveLength(3);
  });

  it('shows a comment’s reactions on the next view of the thread, on every process', async () => {
    const id = await comment(ann, 'A comment to react to.');
    const views = [1, 2].map(() => new ThreadViews(t.db, createScopedVersionReader(t.db)));
    const request = { post, viewer: { userId: cat.id, visitorTokenHash: null }, now: clock, timeZone: 'UTC' };
    for (const v of views) expect(text((await v.view(request)).threadHtml)).not.toContain('class="rx');

    await react(ben, 'comment', id, 'me-too');
    await react(cat, 'comment', id, 'me-too');
    await react(cat, 'comment', id, 'me-too');
    await react(cat, 'comment', id, 'heart');
    for (const v of views) {
      // Visitors see the counts given; signed-in readers a button for each.
      const visitors = text((await v.view(request)).threadHtml);
      expect(visitors).toContain('Me too <span class="rx-n">1</span>');
      expect(visitors).toContain('<span class="visually-hidden">Heart:</span> <span class="rx-n">1</span>');
      const readers = text((await v.view({ ...request, reactAction: '?_action=reactions.toggle' })).threadHtml);
      expect(readers).toContain(
        `data-rx="comment-${id}-me-too" aria-pressed="false">Me too <span class="rx-n">1</span>`,
      );
    }
    const given = (await postReactionsView(t.db, post.id, cat.id)).given;
    expect(given).toEqual([{ subject_kind: 'comment', subject_id: id, kind: 'heart' }]);
  });

  it('refuses posts readers cannot see and comments that are held, spam or deleted', async () => {
    const draft = await makePost(t.db, { title: 'A draft', status: 'draft', publishedAt: null });
    const later = await makePost(t.db, { title: 'Later', publishedAt: new Date('2027-01-01T00:00:00Z') });
    expect(await failure(react(ann, 'post', draft.id, 'heart'))).toBeInstanceOf(NotFoundError);
    expect(await failure(react(ann, 'post', later.id, 'heart'))).toBeInstanceOf(NotFoundError);
    expect(await failure(react(ann, 'post', 999_999, 'heart'))).toBeInstanceOf(NotFoundError);
    expect(await failure(react(ann, 'comment', 999_999, 'heart'))).toBeInstanceOf(NotFoundError);

    const held = await comment(ben, 'Held for a moment.');
    await t.db.updateTable('comments').set({ status: 'pending' }).where('id', '=', held).execute();
    expect(await failure(react(ann, 'comment', held, 'heart'))).toBeInstanceOf(NotFoundError);
    await applyDecision(t.db, [held], 'spam', tick());
    expect(await failure(react(ann, 'comment', held, 'heart'))).toBeInstanceOf(NotFoundError);

    // A comment kept as "This comment was deleted" (it has a reply) takes none either.
    const parent = await comment(ben, 'I will delete this.');
    await t.db.updateTable('comments').set({ parent_id: parent }).where('id', '=', held).execute();
    await comment(cat, 'A reply that keeps it.').then((reply) =>
      t.db.updateTable('comments').set({ parent_id: parent }).where('id', '=', reply).execute(),
    );
    await applyDecision(t.db, [parent], 'delete', tick());
    const deleted = await failure(react(ann, 'comment', parent, 'heart'));
    expect(deleted).toBeInstanceOf(ConflictError);
    expect(deleted.status).toBe(409);
    expect(
      await t.db.selectFrom('reactions').select('subject_id').where('subject_id', 'in', [held, parent]).execute(),
    ).toEqual([]);
  });

  it('stops counting a comment’s reactions once it is marked spam, and drops them with the comment', async () => {
    const id = await comment(ben, 'Soon to be spam.');
    await react(ann, 'comment', id, 'thanks');
    const views = new ThreadViews(t.db, createScopedVersionReader(t.db));
    const request = { post, viewer: { userId: null, visitorTokenHash: null }, now: clock, timeZone: 'UTC' };
    expect(text((await views.view(request)).threadHtml)).toContain(`Reactions to this comment`);
    const before = (await views.view(request)).threadHtml;

    await applyDecision(t.db, [id], 'spam', tick());
    const after = text((await views.view(request)).threadHtml);
    expect(after).not.toContain('Soon to be spam.');
    const bars = (html: string | Uint8Array) => text(html).split('Reactions to this comment').length - 1;
    expect(bars(after)).toBe(bars(before) - 1);

    // Its writer deletes it: the row goes, and its reactions with it (no reaction points at nothing).
    await applyDecision(t.db, [id], 'approve', tick());
    await deleteOwnComment(t.db, id, ben, tick());
    const left = await t.db
      .selectFrom('reactions')
      .select('subject_id')
      .where('subject_kind', '=', 'comment')
      .where('subject_id', '=', id)
      .execute();
    expect(left).toEqual([]);
  });

  it('refuses a blocked account, counting nothing', async () => {
    const eve = await makeConfirmedAccount(t.db, { name: 'Eve' });
    await t.db
      .insertInto('blocks')
      .values({ kind: 'account', value: eve.id, created_by: null, created_at: tick() })
      .execute();
    expect((await failure(react(eve, 'post', post.id, 'heart'))).status).toBe(403);
    expect(await t.db.selectFrom('reactions').select('kind').where('user_id', '=', eve.id).execute()).toEqual([]);
  });

  it('leaves nothing behind when a reader’s account goes', async () => {
    const dan = await makeConfirmedAccount(t.db, { name: 'Dan' });
    await react(dan, 'post', post.id, 'me-too');
    await t.db.deleteFrom('users').where('id', '=', dan.id).execute();
    expect(await t.db.selectFrom('reactions').select('kind').where('user_id', '=', dan.id).execute()).toEqual([]);
  });
});

describe('the cheers table moving into reactions', () => {
  let db: Db;
  const names = Object.keys(migrations).sort();
  const before = names[names.indexOf('20261206_2000_reactions') - 1]!;
  const migrator = () => new Migrator({ db, provider: migrationProvider });
  afterAll(() => db?.destroy());

  it('keeps every cheer, as a cheer on its wish, and gives them back on the way down', async () => {
    db = createDb({ databaseUrl: null, dataDir: 'memory://' });
    expect((await migrator().migrateTo(before)).error).toBeUndefined();
    const { rows: people } = await sql<{ id: string }>`
      insert into users (email, name, password_hash) values ('w@example.test', 'Wendy', 'x'), ('f@example.test', 'Fred', 'x')
      returning id`.execute(db);
    const [wisher, friend] = people.map((p) => p.id) as [string, string];
    const { rows: boards } = await sql<{ id: number }>`
      insert into boards (wish_date, prompt) values ('2026-11-25', 'What would help?') returning id`.execute(db);
    const { rows: wishes } = await sql<{ id: number }>`
      insert into wishes (board_id, user_id, author_name, body_md, body_html, status)
      values (${boards[0]!.id}, ${wisher}, 'Wendy', 'A bicycle', '<p>A bicycle</p>', 'approved'),
             (${boards[0]!.id}, ${wisher}, 'Wendy', 'A map', '<p>A map</p>', 'approved')
      returning id`.execute(db);
    const [bicycle, map] = wishes.map((w) => w.id) as [number, number];
    const at = new Date('2026-11-25T09:00:00Z');
    await sql`insert into cheers (wish_id, user_id, created_at)
      values (${bicycle}, ${friend}, ${at}), (${map}, ${friend}, ${at}), (${map}, ${wisher}, ${at})`.execute(db);

    expect((await migrator().migrateTo('20261206_2000_reactions')).error).toBeUndefined();
    const moved = await db.selectFrom('reactions').selectAll().orderBy('subject_id').orderBy('user_id').execute();
    expect(moved).toEqual(
      [
        { subject_kind: 'wish', subject_id: bicycle, user_id: friend, kind: 'cheer', created_at: at },
        { subject_kind: 'wish', subject_id: map, user_id: friend, kind: 'cheer', created_at: at },
        { subject_kind: 'wish', subject_id: map, user_id: wisher, kind: 'cheer', created_at: at },
      ].sort((a, b) => a.subject_id - b.subject_id || a.user_id!.localeCompare(b.user_id!)),
    );
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_tables where tablename = 'cheers'`.execute(db);
    expect(rows[0]!.n).toBe(0);

    // A wish that goes takes its cheers with it, as the cheers table's cascade did.
    await sql`delete from wishes where id = ${bicycle}`.execute(db);
    expect(await db.selectFrom('reactions').select('subject_id').distinct().execute()).toEqual([{ subject_id: map }]);

    expect((await migrator().migrateTo(before)).error).toBeUndefined();
    const { rows: back } = await sql<{ wish_id: number }>`select wish_id from cheers`.execute(db);
    expect(back).toEqual([{ wish_id: map }, { wish_id: map }]);
  });
});
