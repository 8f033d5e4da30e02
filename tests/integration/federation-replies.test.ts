// Replies from the fediverse are comments under a visitor's rules (a first
// reply from an actor is held, an approved one earns that actor trust), their
// HTML sanitised as a visitor's comment is, one comment per Note however often
// delivered, nested under what they answer, edited and deleted by their
// writer alone. Likes and boosts are kept per actor and post until undone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/lib/auth/users.ts';
import { applyDecision, setCommentsClosed } from '../../src/lib/comments/moderation.ts';
import {
  deleteRemoteReply,
  editRemoteReply,
  receiveRemoteReply,
  type RemoteNote,
} from '../../src/lib/comments/remote.ts';
import { createComment } from '../../src/lib/comments/service.ts';
import { readThreadComments } from '../../src/lib/comments/thread.ts';
import { readVersionDelta } from '../../src/lib/content/version.ts';
import { scope } from '../../src/lib/content/scopes.ts';
import { addReaction, countReactions, describeReactions, removeReaction } from '../../src/lib/federation/reactions.ts';
import { listNotifications } from '../../src/lib/notifications/notifications.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';

const SITE = 'https://wishes.example.org';
const ALICE = 'https://social.example/users/alice';
const MALLORY = 'https://evil.example/users/mallory';

describe.each(dbTargets)('replies, likes and boosts from the fediverse on %s', (target) => {
  let t: TestDatabase;
  let author: Account;
  let post: Post;
  let clock = new Date('2026-03-01T12:00:00Z');
  const tick = () => (clock = new Date(clock.getTime() + 60_000));
  let notes = 0;
  const note = (overrides: Partial<RemoteNote> = {}): RemoteNote => ({
    noteId: `https://social.example/users/alice/statuses/${++notes}`,
    actorId: ALICE,
    authorName: 'Alice Remote',
    profileUrl: 'https://social.example/@alice',
    contentHtml: '<p>Lovely post!</p>',
    ...overrides,
  });
  const publicThread = () => readThreadComments(t.db, post.id, { userId: null, visitorTokenHash: null });
  const row = (id: number) =>
    t.db
      .selectFrom('comments')
      .select(['status', 'body_html', 'parent_id', 'author_url', 'fediverse_actor_id'])
      .where('id', '=', id)
      .executeTakeFirst();

  beforeAll(async () => {
    t = await openTestDb(target);
    author = await makeConfirmedAccount(t.db, { name: 'Alma Author', role: 'author' });
    post = await makePost(t.db, { title: 'On wishing', authorId: author.id });
  });
  afterAll(() => t?.drop());

  it("holds an actor's first reply, sanitised, once however often delivered, and tells the author", async () => {
    const first = note({
      noteId: 'https://social.example/users/alice/statuses/first',
      contentHtml:
        '<p><span class="h-card"><a href="https://wishes.example.org/ap/actors/blog" class="u-url mention">@blog</a></span> Hello <script>alert(1)</script><img src="https://evil.example/x.png" onerror="alert(2)"><a href="javascript:alert(3)">click</a></p>',
    });
    const saved = await receiveRemoteReply(t.db, first, { postId: post.id }, SITE, tick());
    expect(saved?.status).toBe('pending');
    const again = await receiveRemoteReply(t.db, first, { postId: post.id }, SITE, tick());
    expect(again?.id).toBe(saved!.id);
    expect(
      await t.db.selectFrom('comments').select('id').where('fediverse_note_id', '=', first.noteId).execute(),
    ).toHaveLength(1);

    const stored = await row(saved!.id);
    expect(stored?.fediverse_actor_id).toBe(ALICE);
    expect(stored?.author_url).toBe('https://social.example/@alice');
    expect(stored?.body_html).not.toMatch(/<script|<img|<span|javascript:|onerror|class=/);
    expect(stored?.body_html).toContain('rel="nofollow ugc noopener"');
    expect(stored?.body_html).toContain('Hello');
    expect((await publicThread()).map((c) => c.id)).not.toContain(saved!.id);
    const notices = await listNotifications(t.db, author.id);
    expect(notices.some((n) => n.kind === 'comment_held' && n.link === '/admin/comments?status=pending')).toBe(true);
  });

  it('publishes the next reply of an actor once one was approved, with their name and profile link; others still wait', async () => {
    const held = await receiveRemoteReply(t.db, note(), { postId: post.id }, SITE, tick());
    expect(held?.status).toBe('pending');
    await applyDecision(t.db, [held!.id], 'approve', tick());
    const next = await receiveRemoteReply(
      t.db,
      note({ contentHtml: '<p>Me again</p>' }),
      { postId: post.id },
      SITE,
      tick(),
    );
    expect(next?.status).toBe('approved');
    const shown = (await publicThread()).find((c) => c.id === next!.id)!;
    expect(shown).toMatchObject({ authorName: 'Alice Remote', authorUrl: 'https://social.example/@alice' });
    expect(shown.bodyHtml).toBe('<p>Me again</p>');

    // Trust is the actor's, not the name's.
    const stranger = await receiveRemoteReply(
      t.db,
      note({ actorId: MALLORY, authorName: 'Alice Remote', noteId: 'https://evil.example/notes/1' }),
      { postId: post.id },
      SITE,
      tick(),
    );
    expect(stranger?.status).toBe('pending');
  });

  it('nests a reply to a remote reply (by its Note) and to a local comment (by its address); ignores unknown targets', async () => {
    const parent = await receiveRemoteReply(t.db, note(), { postId: post.id }, SITE, tick());
    expect(parent?.status).toBe('approved');
    const child = await receiveRemoteReply(
      t.db,
      note(),
      { url: `https://social.example/users/alice/statuses/${notes - 1}` },
      SITE,
      tick(),
    );
    expect((await row(child!.id))?.parent_id).toBe(parent!.id);

    const local = await createComment(
      t.db,
      { post_id: String(post.id), body: 'The author answers' },
      { user: { id: author.id, name: author.name, role: 'author' }, ip: null, visitorTokenHash: null },
      tick(),
    );
    const toLocal = await receiveRemoteReply(
      t.db,
      note(),
      { url: `${SITE}/posts/${post.slug}#comment-${local.id}` },
      SITE,
      tick(),
    );
    expect((await row(toLocal!.id))?.parent_id).toBe(local.id);

    expect(await receiveRemoteReply(t.db, note(), { url: 'https://elsewhere.example/notes/9' }, SITE, tick())).toBe(
      null,
    );
    expect(
      await receiveRemoteReply(
        t.db,
        note(),
        { url: `https://other.example/posts/x#comment-${local.id}` },
        SITE,
        tick(),
      ),
    ).toBe(null);
  });

  it('takes no reply on a post closed to comments or one not published', async () => {
    const closed = await makePost(t.db, { title: 'Closed' });
    await setCommentsClosed(t.db, closed.id, true);
    expect(await receiveRemoteReply(t.db, note(), { postId: closed.id }, SITE, tick())).toBe(null);
    const draft = await makePost(t.db, { title: 'Draft', status: 'draft', publishedAt: null });
    expect(await receiveRemoteReply(t.db, note(), { postId: draft.id }, SITE, tick())).toBe(null);
  });

  it('lets only the writer edit or delete their reply, and records each as a change readers see', async () => {
    const reply = note({ contentHtml: '<p>Before</p>' });
    const saved = await receiveRemoteReply(t.db, reply, { postId: post.id }, SITE, tick());
    expect(saved?.status).toBe('approved');
    const before = (await readVersionDelta(t.db, null)).version;

    expect(await editRemoteReply(t.db, { ...reply, actorId: MALLORY, contentHtml: '<p>Hijacked</p>' }, tick())).toBe(
      false,
    );
    expect(await editRemoteReply(t.db, { ...reply, contentHtml: '<p>After <img src="x"></p>' }, tick())).toBe(true);
    expect((await row(saved!.id))?.body_html).toBe('<p>After </p>');
    const delta = await readVersionDelta(t.db, before);
    expect(delta.changed.map(([s]) => s)).toContain(scope.post(post.id));

    expect(await deleteRemoteReply(t.db, reply.noteId, MALLORY, tick())).toBe(false);
    expect(await row(saved!.id)).toBeDefined();
    expect(await deleteRemoteReply(t.db, reply.noteId, ALICE, tick())).toBe(true);
    expect(await row(saved!.id)).toBeUndefined();
  });

  it('counts likes and boosts once per actor and post, until undone, and only of visible posts', async () => {
    const like = { actorId: ALICE, postId: post.id, kind: 'like' as const, activityId: `${ALICE}#likes/1` };
    expect(await addReaction(t.db, like, tick())).toBe(true);
    expect(await addReaction(t.db, like, tick())).toBe(false);
    await addReaction(t.db, { ...like, actorId: MALLORY, activityId: `${MALLORY}#likes/1` }, tick());
    await addReaction(t.db, { ...like, kind: 'boost', activityId: `${ALICE}/statuses/9/activity` }, tick());
    expect(await countReactions(t.db, post.id)).toEqual({ likes: 2, boosts: 1 });
    expect(describeReactions(await countReactions(t.db, post.id))).toBe('2 likes · 1 boost on the fediverse');

    // Only the actor who liked can take it back.
    expect(await removeReaction(t.db, MALLORY, like.activityId)).toBe(false);
    expect(await removeReaction(t.db, ALICE, like.activityId)).toBe(true);
    expect(await countReactions(t.db, post.id)).toEqual({ likes: 1, boosts: 1 });
    expect(describeReactions({ likes: 0, boosts: 0 })).toBe(null);

    const draft = await makePost(t.db, { title: 'Hidden', status: 'draft', publishedAt: null });
    expect(await addReaction(t.db, { ...like, postId: draft.id }, tick())).toBe(false);
    expect(await countReactions(t.db, draft.id)).toEqual({ likes: 0, boosts: 0 });
  });
});
