// Profiles against a real database: handles for new accounts, the profile form's
// rules, what a public profile shows (and never shows), and names linking there
// from threads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/lib/auth/users.ts';
import { createComment, type Commenter } from '../../src/lib/comments/service.ts';
import { loadThread } from '../../src/lib/comments/thread.ts';
import { renderThreadHtml } from '../../src/lib/comments/render.ts';
import { ConflictError, DomainError, ValidationError } from '../../src/lib/errors.ts';
import { loadProfile, readOwnProfile, updateProfile } from '../../src/lib/people/profiles.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { openBoard } from '../../src/lib/wishes/board/boards.ts';
import { insertWish } from '../../src/lib/wishes/repo.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';

const NOW = new Date('2026-11-27T12:00:00Z');

async function failure(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe.each(dbTargets)('people on %s', (target) => {
  let t: TestDatabase;
  let ada: Account;
  let post: Post;
  let clock = NOW.getTime();
  const tick = () => new Date((clock += 60_000));
  const as = (a: Account | null): Commenter => ({
    user: a ? { id: a.id, name: a.name, role: a.role } : null,
    ip: '192.0.2.1',
    visitorTokenHash: a ? null : 'visitor',
  });
  const handleOf = async (id: string) =>
    (await t.db.selectFrom('users').select('handle').where('id', '=', id).executeTakeFirstOrThrow()).handle;

  beforeAll(async () => {
    t = await openTestDb(target);
    ada = await makeConfirmedAccount(t.db, { name: 'Ada Lovelace' });
    post = await makePost(t.db, { title: 'Hello', publishedAt: new Date('2026-11-01T00:00:00Z') });
  });
  afterAll(() => t?.drop());

  it('gives every new account a free handle made from its name', async () => {
    expect(await handleOf(ada.id)).toBe('ada-lovelace');
    const twin = await makeConfirmedAccount(t.db, { name: 'Ada  Lovelace!' });
    expect(await handleOf(twin.id)).toBe('ada-lovelace-2');
    const zoe = await makeConfirmedAccount(t.db, { name: "Zoë O'Brien" });
    expect(await handleOf(zoe.id)).toBe('zoe-o-brien');
    const admin = await makeConfirmedAccount(t.db, { name: 'Admin' });
    expect(await handleOf(admin.id)).toBe('member-2');
    const emoji = await makeConfirmedAccount(t.db, { name: '🌻🌻' });
    expect(await handleOf(emoji.id)).toBe('member-3');
    // Any other insert gets a valid, unique one from the column's default.
    const raw = await t.db
      .insertInto('users')
      .values({ email: 'raw@example.test', name: 'Raw', password_hash: 'x', role: 'reader' })
      .returning('handle')
      .executeTakeFirstOrThrow();
    expect(raw.handle).toMatch(/^member-[0-9a-f]{12}$/);
  });

  it('saves name, handle, bio and website, and refuses bad or taken handles beside the field', async () => {
    await updateProfile(t.db, ada.id, {
      name: 'Ada King',
      handle: '@Ada-King ',
      bio: 'I write *programs* for engines. <script>alert(1)</script>',
      website: 'ada.example.org',
    });
    ada = { ...ada, name: 'Ada King' }; // as her next session sees her
    expect(await readOwnProfile(t.db, ada.id)).toEqual({
      name: 'Ada King',
      handle: 'ada-king',
      bio: 'I write *programs* for engines. <script>alert(1)</script>',
      website: 'https://ada.example.org/',
    });
    const bad = async (fields: Record<string, string>) =>
      failure(updateProfile(t.db, ada.id, { name: 'Ada', handle: 'ada-king', bio: '', website: '', ...fields }));
    expect((await bad({ handle: 'admin' })).fields.handle).toMatch(/reserved/);
    expect((await bad({ handle: 'a' })).fields.handle).toMatch(/2 to 30/);
    expect((await bad({ handle: '9lives' })).fields.handle).toMatch(/starting with a letter/);
    expect((await bad({ handle: 'two--hyphens' })).fields.handle).toMatch(/single hyphens/);
    expect((await bad({ handle: 'x'.repeat(31) })).fields.handle).toMatch(/2 to 30/);
    expect((await bad({ website: 'javascript:alert(1)' })).fields.website).toMatch(/web address/);
    expect((await bad({ website: 'ftp://files.example.org' })).fields.website).toMatch(/web address/);
    expect((await bad({ bio: 'b'.repeat(501) })).fields.bio).toMatch(/at most 500/);
    expect(await bad({ name: '  ' })).toBeInstanceOf(ValidationError);
    const taken = await bad({ handle: 'zoe-o-brien' });
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken.fields.handle).toMatch(/taken/);
    expect((await readOwnProfile(t.db, ada.id))!.handle).toBe('ada-king');
  });

  it('shows name, sanitised bio, website, recent approved comments and public wishes on the profile', async () => {
    const approved = await createComment(
      t.db,
      { post_id: String(post.id), body: 'A visible comment' },
      as(ada),
      tick(),
    );
    expect(approved.status).toBe('approved');
    await t.db.updateTable('comments').set({ status: 'spam' }).where('id', '=', approved.id!).execute();
    const shown = await createComment(t.db, { post_id: String(post.id), body: 'Shown on my profile' }, as(ada), tick());
    const draft = await makePost(t.db, { title: 'Draft', status: 'draft', publishedAt: null });
    await t.db
      .insertInto('comments')
      .values({
        post_id: draft.id,
        user_id: ada.id,
        author_name: 'Ada King',
        body_md: 'x',
        body_html: '<p>On a draft</p>',
        status: 'approved',
      })
      .execute();
    const board = (await openBoard(t.db, '2026-11-25', new Date('2026-11-25T00:00:00Z'), 'UTC')).board;
    const wish = (status: 'approved' | 'pending', body: string) =>
      insertWish(t.db, {
        boardId: board.id,
        userId: ada.id,
        authorName: 'Ada King',
        authorEmail: null,
        bodyMd: body,
        bodyHtml: `<p>${body}</p>`,
        status,
        ip: null,
        visitorTokenHash: null,
        now: NOW,
      });
    await wish('approved', 'A public wish');
    await wish('pending', 'A held wish');

    const profile = (await loadProfile(t.db, 'ADA-KING', NOW))!;
    expect(profile).toMatchObject({ name: 'Ada King', handle: 'ada-king', website: 'https://ada.example.org/' });
    expect(profile.bioHtml).toBe('<p>I write <em>programs</em> for engines. &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(profile.avatarUrl).toBe('/people/ada-king/avatar.svg');
    expect(profile.comments.map((c) => c.bodyHtml)).toEqual(['<p>Shown on my profile</p>']);
    expect(profile.comments[0]).toMatchObject({ id: shown.id, postSlug: post.slug, postTitle: 'Hello' });
    expect(profile.wishes.map((w) => w.bodyHtml)).toEqual(['<p>A public wish</p>']);
    expect(await loadProfile(t.db, 'nobody-here', NOW)).toBeNull();
  });

  it("links a member's name in threads to their profile, and keeps a visitor's website", async () => {
    await createComment(
      t.db,
      {
        post_id: String(post.id),
        body: 'From a visitor',
        name: 'Vic',
        email: 'vic@example.test',
        website: 'vic.example',
      },
      as(null),
      tick(),
    );
    await t.db.updateTable('comments').set({ status: 'approved' }).where('author_name', '=', 'Vic').execute();
    const thread = await loadThread(t.db, post.id, { userId: null, visitorTokenHash: null }, 5);
    const html = renderThreadHtml(thread.nodes, { userId: null, now: NOW }, { open: true, timeZone: 'UTC' });
    expect(html).toContain('<a href="/people/ada-king">Ada King</a>');
    expect(html).toContain('<a href="https://vic.example/" rel="nofollow ugc noopener">Vic</a>');
  });

  it('renames what the member wrote when they change their name', async () => {
    await updateProfile(t.db, ada.id, { name: 'Countess Ada', handle: 'ada-king', bio: null, website: null });
    const names = await t.db.selectFrom('comments').select('author_name').where('user_id', '=', ada.id).execute();
    expect(new Set(names.map((n) => n.author_name))).toEqual(new Set(['Countess Ada']));
    const profile = (await loadProfile(t.db, 'ada-king', NOW))!;
    expect(profile.bioHtml).toBeNull();
    expect(profile.website).toBeNull();
  });
});
