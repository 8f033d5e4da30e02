// The author's editor against a real database: create, validate, update, slug
// changes with redirects, scheduling, delete. PGlite always; PostgreSQL too when set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitPostForm, type EditorResult } from '../../src/lib/posts/service.ts';
import { formValuesFor, type RawPostForm } from '../../src/lib/posts/input.ts';
import { openPostPage } from '../../src/lib/posts/view.ts';
import { findPostById, findVisiblePostBySlug, listPublishedPosts } from '../../src/lib/posts/view.ts';
import { deletePost } from '../../src/lib/posts/service.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount, makePost } from '../helpers/fixtures.ts';

const TZ = 'Europe/Berlin';
const NOW = new Date('2026-11-23T12:00:00Z'); // 13:00 in Berlin

function form(overrides: Partial<RawPostForm> = {}): RawPostForm {
  return {
    title: 'Café Chats',
    slug: null,
    body: '## Hello\n\nSome **bold** words.\n\n- one\n- two',
    excerpt: null,
    tags: 'networking, Wish Day',
    comments_closed: null,
    publish_at: null,
    intent: 'publish',
    ...overrides,
  };
}

async function failure(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

function saved(result: EditorResult) {
  if (result.kind !== 'saved') throw new Error('expected a save');
  return result.post;
}

describe.each(dbTargets)('the post editor on %s', (target) => {
  let t: TestDatabase;
  let authorId: string;
  const submit = (input: RawPostForm, postId: number | null = null, now = NOW) =>
    submitPostForm(t.db, input, { postId, authorId, now, timeZone: TZ });

  beforeAll(async () => {
    t = await openTestDb(target);
    authorId = (await makeAccount(t.db, { role: 'author', name: 'Ada Author' })).id;
  });
  afterAll(() => t?.drop());

  it('publishes a post with a folded slug, rendered body, tags and an excerpt', async () => {
    const post = saved(await submit(form({ comments_closed: 'on' })));
    expect(post).toMatchObject({ slug: 'cafe-chats', status: 'published', authorName: 'Ada Author' });
    expect(post.publishedAt).toEqual(NOW);
    expect(post.commentsClosed).toBe(true);
    expect(post.bodyHtml).toContain('<strong>bold</strong>');
    expect(post.bodyHtml).toContain('<h2>Hello</h2>');
    expect(post.bodyHtml).toContain('<li>one</li>');
    expect(post.excerpt).toBe('Hello Some bold words. one two');
    expect(post.tags.map((x) => x.slug)).toEqual(['networking', 'wish-day']);

    // Same title again: a generated slug gets -2.
    expect(saved(await submit(form())).slug).toBe('cafe-chats-2');
  });

  it('lets a made-up excerpt follow the post’s opening through edits, and keeps one the author wrote', async () => {
    const post = saved(await submit(form({ title: 'Following', body: 'The first opening words.' })));
    expect(post.excerpt).toBe('The first opening words.');
    // The editor opens with the excerpt field empty: what it shows is what is saved again.
    const values = formValuesFor(post, TZ);
    expect(values.excerpt).toBe('');
    const edited = saved(await submit({ ...form(), ...values, body: 'A new opening, rewritten.' }, post.id));
    expect(edited.excerpt).toBe('A new opening, rewritten.');
    expect((await findVisiblePostBySlug(t.db, edited.slug, NOW))!.excerpt).toBe('A new opening, rewritten.');

    const own = saved(await submit(form({ title: 'Own words', body: 'Body text.', excerpt: 'My own summary' })));
    const ownValues = formValuesFor(own, TZ);
    expect(ownValues.excerpt).toBe('My own summary');
    const ownEdited = saved(await submit({ ...form(), ...ownValues, body: 'A changed body.' }, own.id));
    expect(ownEdited.excerpt).toBe('My own summary');
  });

  it('refuses a slug another post uses with 409 beside the slug', async () => {
    const error = await failure(submit(form({ title: 'Other', slug: 'cafe-chats' })));
    expect(error.status).toBe(409);
    expect(error.fields.slug).toMatch(/already uses this slug/);
  });

  it('reports every bad field at once and saves nothing', async () => {
    const before = (await listPublishedPosts(t.db, { now: NOW, perPage: 100 })).items.length;
    const error = await failure(
      submit(
        form({
          title: 'x'.repeat(201),
          body: null,
          excerpt: 'e'.repeat(501),
          tags: Array.from({ length: 21 }, (_, i) => `tag${i}`).join(','),
          intent: 'schedule',
          publish_at: '2026-11-23T12:59', // Berlin: a minute before now
        }),
      ),
    );
    expect(error.status).toBe(400);
    expect(error.fields).toMatchObject({
      title: 'Title must be at most 200 characters.',
      body: 'Body is required.',
      excerpt: 'Excerpt must be at most 500 characters.',
      tags: 'Use at most 20 tags.',
    });
    expect(error.fields.publish_at).toMatch(/in the future/);
    expect((await listPublishedPosts(t.db, { now: NOW, perPage: 100 })).items.length).toBe(before);
  });

  it('accepts a body of exactly 100,000 characters and refuses one more', async () => {
    const body = 'a'.repeat(100_000);
    expect(saved(await submit(form({ title: 'Long one', body, tags: null }))).bodyMd.length).toBe(100_000);
    const error = await failure(submit(form({ title: 'Too long', body: `${body}b` })));
    expect(error.fields.body).toMatch(/at most 100,000/);
  });

  it('previews without saving', async () => {
    const result = await submit(form({ title: 'Only a preview', intent: 'preview' }));
    expect(result).toEqual({ kind: 'preview', title: 'Only a preview', bodyHtml: expect.stringContaining('<strong>') });
    expect(await findVisiblePostBySlug(t.db, 'only-a-preview', NOW)).toBeNull();
  });

  it('keeps the saved version when an edit fails', async () => {
    const post = saved(await submit(form({ title: 'Steady' })));
    await failure(submit(form({ title: '', body: 'Changed' }), post.id));
    await failure(submit(form({ title: 'Steady', slug: 'cafe-chats' }), post.id));
    const again = await findPostById(t.db, post.id);
    expect(again).toMatchObject({ title: 'Steady', bodyMd: post.bodyMd, slug: 'steady' });
  });

  it('changes a slug and keeps the old address answering with the new one', async () => {
    const post = saved(await submit(form({ title: 'Moving house' })));
    const moved = saved(await submit(form({ title: 'Moving house', slug: 'new-home' }), post.id));
    expect(moved.slug).toBe('new-home');
    expect(moved.publishedAt).toEqual(post.publishedAt); // an edit keeps the publication date
    const reader = { now: NOW, isAuthor: false };
    expect(await openPostPage(t.db, 'moving-house', reader)).toEqual({ kind: 'moved', slug: 'new-home' });
    expect(await openPostPage(t.db, 'new-home', reader)).toMatchObject({ kind: 'post', visible: true });

    // Moving again: both old slugs lead to the newest one.
    saved(await submit(form({ title: 'Moving house', slug: 'third-home' }), post.id));
    expect(await openPostPage(t.db, 'moving-house', reader)).toEqual({ kind: 'moved', slug: 'third-home' });
    expect(await openPostPage(t.db, 'new-home', reader)).toEqual({ kind: 'moved', slug: 'third-home' });

    // A new post may take a former slug; it then is that post's address, not a redirect.
    const taker = saved(await submit(form({ title: 'Someone else', slug: 'new-home' })));
    expect(await openPostPage(t.db, 'new-home', reader)).toMatchObject({ kind: 'post', post: { id: taker.id } });
  });

  it('schedules a post that becomes visible by itself when its time comes', async () => {
    const post = saved(await submit(form({ title: 'Later', intent: 'schedule', publish_at: '2026-11-23T13:30' })));
    expect(post.status).toBe('scheduled');
    expect(post.publishedAt).toEqual(new Date('2026-11-23T12:30:00Z')); // 13:30 Berlin (CET, UTC+1)
    const before = new Date('2026-11-23T12:29:59Z');
    const after = new Date('2026-11-23T12:30:00Z');
    expect(await findVisiblePostBySlug(t.db, 'later', before)).toBeNull();
    expect(await openPostPage(t.db, 'later', { now: before, isAuthor: false })).toEqual({ kind: 'missing' });
    expect(await openPostPage(t.db, 'later', { now: before, isAuthor: true })).toMatchObject({ visible: false });
    expect((await listPublishedPosts(t.db, { now: before, perPage: 100 })).items.map((p) => p.slug)).not.toContain(
      'later',
    );
    expect(await findVisiblePostBySlug(t.db, 'later', after)).not.toBeNull();
    expect((await listPublishedPosts(t.db, { now: after, tagSlug: 'networking' })).items[0]!.slug).toBe('later');
  });

  it('saves drafts out of sight, and unpublishing a post hides it', async () => {
    const draft = saved(await submit(form({ title: 'Half done', intent: 'draft' })));
    expect(draft).toMatchObject({ status: 'draft', publishedAt: null });
    expect(await openPostPage(t.db, 'half-done', { now: NOW, isAuthor: false })).toEqual({ kind: 'missing' });
    expect(await openPostPage(t.db, 'half-done', { now: NOW, isAuthor: true })).toMatchObject({ visible: false });

    const live = saved(await submit(form({ title: 'Second thoughts' })));
    saved(await submit(form({ title: 'Second thoughts', slug: live.slug, intent: 'draft' }), live.id));
    expect(await findVisiblePostBySlug(t.db, live.slug, NOW)).toBeNull();
  });

  it('deletes a post, its address then answering 404', async () => {
    const post = await makePost(t.db, { title: 'Short lived' });
    expect(await deletePost(t.db, post.id)).toBe('Short lived');
    expect(await findPostById(t.db, post.id)).toBeNull();
    expect(await openPostPage(t.db, post.slug, { now: NOW, isAuthor: true })).toEqual({ kind: 'missing' });
    expect((await failure(deletePost(t.db, post.id))).status).toBe(404);
  });
});
