// Comment rules against a real database: who is published or held, replies, closing,
// editing, deleting, rate limits, moderation and notifications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/lib/auth/users.ts';
import { applyDecision, listModerationQueue, setCommentsClosed } from '../../src/lib/comments/moderation.ts';
import {
  createComment,
  deleteOwnComment,
  editOwnComment,
  findOwnComment,
  type Commenter,
} from '../../src/lib/comments/service.ts';
import { listFeedComments, loadThread } from '../../src/lib/comments/thread.ts';
import { DomainError, RateLimitedError, ValidationError } from '../../src/lib/errors.ts';
import { listNotifications } from '../../src/lib/notifications/notifications.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { updateSettings } from '../../src/lib/settings/settings.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';

describe.each(dbTargets)(
  'comments on %s',
  (target) => {
    let t: TestDatabase;
    let author: Account;
    let ann: Account;
    let ben: Account;
    let post: Post;
    let otherPost: Post;
    let clock = new Date('2026-03-01T12:00:00Z');
    /** Each call moves the clock a minute on, so the 10-second limits stay out of the way. */
    const tick = () => (clock = new Date(clock.getTime() + 60_000));

    const as = (account: Account | null, extra: Partial<Commenter> = {}): Commenter => ({
      user: account ? { id: account.id, name: account.name, role: account.role } : null,
      ip: null,
      visitorTokenHash: account ? null : 'visitor-hash-1',
      ...extra,
    });
    const visitor = (name: string, email: string, token = `token-${name}`) => ({
      who: as(null, { visitorTokenHash: token }),
      fields: { name, email },
    });
    async function write(who: Commenter, raw: Record<string, unknown>, at = tick()) {
      return createComment(t.db, { post_id: String(post.id), ...raw }, who, at, { rateLimitFactor: 1000 });
    }
    async function failure(work: Promise<unknown>): Promise<DomainError> {
      const error = await work.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      return error as DomainError;
    }
    const statusOf = async (id: number) =>
      (await t.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirst())?.status ?? null;

    beforeAll(async () => {
      t = await openTestDb(target);
      author = await makeConfirmedAccount(t.db, { name: 'Alma Author', role: 'author' });
      ann = await makeConfirmedAccount(t.db, { name: 'Ann' });
      ben = await makeConfirmedAccount(t.db, { name: 'Ben' });
      post = await makePost(t.db, { title: 'On wishing', authorId: author.id });
      otherPost = await makePost(t.db, { title: 'Another post' });
    });
    afterAll(() => t?.drop());

    it('publishes readers and the author at once, holds first-time visitors, trusts previously approved ones', async () => {
      const reader = await write(as(ann), { body: 'A reader says hi' });
      expect(reader).toMatchObject({ saved: true, status: 'approved', postSlug: post.slug });
      const byAuthor = await write(as(author), { body: 'See [a](https://a.example) and [b](https://b.example)' });
      expect(byAuthor.status).toBe('approved');

      const v = visitor('Vera', 'vera@example.org');
      const first = await write(v.who, { ...v.fields, body: 'First visit' });
      expect(first.status).toBe('pending');
      const stored = await t.db
        .selectFrom('comments')
        .selectAll()
        .where('id', '=', first.id!)
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ author_email: 'vera@example.org', visitor_token_hash: v.who.visitorTokenHash });
      await applyDecision(t.db, [first.id!], 'approve', tick());
      const again = await write(v.who, { ...v.fields, email: 'VERA@example.org', body: 'Back again' });
      expect(again.status).toBe('approved');
    });

    it('holds two links and moderation words, and marks blocked words as spam', async () => {
      await updateSettings(t.db, { moderationWords: ['casino'], blockedWords: ['cheap pills'] });
      try {
        expect((await write(as(ann), { body: '[a](https://a.example) [b](https://b.example)' })).status).toBe(
          'pending',
        );
        expect((await write(as(ann), { body: 'The best CASINO' })).status).toBe('pending');
        expect((await write(as(ann), { body: 'Buy cheap pills' })).status).toBe('spam');
        const v = visitor('Cheap Pills', 'pills@example.org');
        expect((await write(v.who, { ...v.fields, body: 'hello' })).status).toBe('spam');
        expect((await write(as(author), { body: 'casino cheap pills' })).status).toBe('approved');
      } finally {
        await updateSettings(t.db, { moderationWords: [], blockedWords: [] });
      }
    });

    it('pretends to accept what fills the honeypot, saving nothing', async () => {
      const before = await t.db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .execute();
      const v = visitor('Bot', 'bot@example.org');
      const result = await write(v.who, { ...v.fields, body: 'spam', website_url_confirm: 'http://spam.example' });
      expect(result).toEqual({ saved: false, id: null, status: null, postSlug: post.slug });
      const after = await t.db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .execute();
      expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));
    });

    it('refuses bad input with a message per field', async () => {
      const error = await failure(write(as(null), { body: '', name: '', email: 'x' }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.status).toBe(400);
      expect(Object.keys(error.fields).sort()).toEqual(['body', 'email', 'name']);
      expect((await failure(write(as(ann), { body: 'x'.repeat(10_001) }))).fields.body).toMatch(/10,000/);
      expect((await failure(write(as(ann), { body: 'ok\u0001' }))).status).toBe(400);
      expect((await failure(write(as(ann), { body: 'ok', parent_id: '1; drop table comments' }))).status).toBe(400);
    });

    it('accepts replies only to approved comments of the same post', async () => {
      const parent = await write(as(ann), { body: 'Parent' });
      const reply = await write(as(ben), { body: 'Reply', parent_id: String(parent.id) });
      expect(reply.status).toBe('approved');

      const onOther = createComment(
        t.db,
        { post_id: String(otherPost.id), body: 'Elsewhere', parent_id: String(parent.id) },
        as(ben),
        tick(),
      );
      expect((await failure(onOther)).status).toBe(400);
      expect((await failure(write(as(ben), { body: 'To nobody', parent_id: '2147483647' }))).status).toBe(404);

      const held = await write(as(ann), { body: '[a](https://a.example) [b](https://b.example)' });
      expect(held.status).toBe('pending');
      expect((await failure(write(as(ben), { body: 'To a held one', parent_id: String(held.id) }))).status).toBe(404);
      await applyDecision(t.db, [held.id!], 'spam', tick());
      expect((await failure(write(as(ben), { body: 'To spam', parent_id: String(held.id) }))).status).toBe(404);

      const doomed = await write(as(ann), { body: 'Will be deleted' });
      await write(as(ben), { body: 'Keeps it', parent_id: String(doomed.id) });
      await deleteOwnComment(t.db, doomed.id!, ann, tick());
      expect(await statusOf(doomed.id!)).toBe('deleted');
      const toDeleted = await failure(write(as(ben), { body: 'To deleted', parent_id: String(doomed.id) }));
      expect(toDeleted.status).toBe(409);
    });

    it('refuses comments on closed, old, unpublished or missing posts', async () => {
      const closed = await makePost(t.db, { title: 'Closed one' });
      await setCommentsClosed(t.db, closed.id, true);
      const on = (p: { id: number }, at = tick()) =>
        createComment(t.db, { post_id: String(p.id), body: 'Hi' }, as(ann), at, { rateLimitFactor: 1000 });
      expect((await failure(on(closed))).status).toBe(403);
      await setCommentsClosed(t.db, closed.id, false);
      expect((await on(closed)).saved).toBe(true);

      const old = await makePost(t.db, { title: 'Old one', publishedAt: new Date('2025-01-01T00:00:00Z') });
      await updateSettings(t.db, { closeCommentsAfterDays: 90 });
      try {
        const error = await failure(on(old));
        expect(error.status).toBe(403);
        expect(error.message).toBe('Comments are closed on this post.');
        expect((await on(post, tick())).saved).toBe(true); // published 2026-01-01, under 90 days before the clock
      } finally {
        await updateSettings(t.db, { closeCommentsAfterDays: null });
      }

      const draft = await makePost(t.db, { title: 'Draft', status: 'draft', publishedAt: null });
      const future = await makePost(t.db, {
        title: 'Later',
        status: 'scheduled',
        publishedAt: new Date('2027-01-01T00:00:00Z'),
      });
      expect((await failure(on(draft))).status).toBe(404);
      expect((await failure(on(future))).status).toBe(404);
      expect((await failure(on({ id: 2_000_000_000 }))).status).toBe(404);
      await expect(setCommentsClosed(t.db, 2_000_000_000, true)).rejects.toMatchObject({ status: 404 });
    });

    it('lets readers edit their own comment for 15 minutes, with the rules applied to the new text', async () => {
      const start = tick();
      const created = await write(as(ann), { body: 'Frist' }, start);
      const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
      await editOwnComment(t.db, { id: String(created.id), body: 'First, *fixed*' }, ann, at(14));
      const row = await t.db.selectFrom('comments').selectAll().where('id', '=', created.id!).executeTakeFirstOrThrow();
      expect(row.body_md).toBe('First, *fixed*');
      expect(row.body_html).toBe('<p>First, <em>fixed</em></p>');
      expect(row.status).toBe('approved');
      expect((await findOwnComment(t.db, created.id!, ann, at(15))).canEdit).toBe(true);

      expect((await failure(editOwnComment(t.db, { id: String(created.id), body: 'Mine?' }, ben, at(1)))).status).toBe(
        403,
      );
      const late = await failure(editOwnComment(t.db, { id: String(created.id), body: 'Too late' }, ann, at(16)));
      expect(late.status).toBe(403);
      expect(late.message).toMatch(/15 minutes/);
      expect((await findOwnComment(t.db, created.id!, ann, at(16))).canEdit).toBe(false);

      const links = '[a](https://a.example) [b](https://b.example)';
      await editOwnComment(t.db, { id: String(created.id), body: links }, ann, at(2));
      expect(await statusOf(created.id!)).toBe('pending');
      expect((await failure(editOwnComment(t.db, { id: '999999', body: 'x' }, ann, at(3)))).status).toBe(404);
      expect((await failure(editOwnComment(t.db, { id: String(created.id), body: ' ' }, ann, at(3)))).status).toBe(400);
    });

    it('deletes: a comment with replies is blanked and its thread kept; one without is removed', async () => {
      const top = await write(as(ann), { body: 'Top' });
      const reply = await write(as(ben), { body: 'Reply', parent_id: String(top.id) });
      const lonely = await write(as(ann), { body: 'Lonely' });

      expect((await failure(deleteOwnComment(t.db, top.id!, ben, tick()))).status).toBe(403);
      expect(await deleteOwnComment(t.db, lonely.id!, ann, tick())).toEqual({
        postSlug: post.slug,
        outcome: 'removed',
      });
      expect(await statusOf(lonely.id!)).toBeNull();

      expect((await deleteOwnComment(t.db, top.id!, ann, tick())).outcome).toBe('blanked');
      const blanked = await t.db.selectFrom('comments').selectAll().where('id', '=', top.id!).executeTakeFirstOrThrow();
      expect(blanked).toMatchObject({ status: 'deleted', body_md: '', body_html: '' });
      expect(await statusOf(reply.id!)).toBe('approved');

      const thread = await loadThread(t.db, post.id, { userId: null, visitorTokenHash: null }, 5);
      const node = thread.nodes.find((n) => n.comment.id === top.id)!;
      expect(node.comment.status).toBe('deleted');
      expect(node.replies.map((r) => r.comment.id)).toEqual([reply.id]);

      // Removing the last reply removes the deleted comment it kept in place.
      await deleteOwnComment(t.db, reply.id!, ben, tick());
      expect(await statusOf(reply.id!)).toBeNull();
      expect(await statusOf(top.id!)).toBeNull();
      expect((await failure(deleteOwnComment(t.db, top.id!, ann, tick()))).status).toBe(404);
    });

    it('limits posting per account and per address, telling when to try again; never the author', async () => {
      const at = new Date('2026-04-01T09:00:00Z');
      const later = (s: number) => new Date(at.getTime() + s * 1000);
      const limited = (who: Commenter, when: Date, raw: Record<string, unknown> = {}) =>
        createComment(t.db, { post_id: String(post.id), body: 'Quick', ...raw }, who, when);

      await limited(as(ann, { ip: '198.51.100.7' }), at);
      const tooSoon = await failure(limited(as(ann, { ip: '198.51.100.8' }), later(4)));
      expect(tooSoon).toBeInstanceOf(RateLimitedError);
      expect(tooSoon.status).toBe(429);
      expect(tooSoon.message).toBe('You are going a little fast. Please try again in 6 seconds.');
      // Visitors are told apart by their address alone: a second one there within 10 seconds waits.
      const v = visitor('Ivy', 'ivy@example.org');
      const w = visitor('Wes', 'wes@example.org');
      await limited({ ...v.who, ip: '198.51.100.7' }, later(5), v.fields);
      const sameIp = await failure(limited({ ...w.who, ip: '198.51.100.7' }, later(6), w.fields));
      expect(sameIp.status).toBe(429);
      await limited(as(ann, { ip: '198.51.100.8' }), later(11));

      for (let i = 0; i < 5; i++) await limited(as(author, { ip: '198.51.100.7' }), later(12));
      const count = await t.db
        .selectFrom('rate_limit_hits')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('bucket', 'like', `post:user:${author.id}`)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    });

    it('shows held comments to their writer alone, and spam to nobody else', async () => {
      const v = visitor('Hana', 'hana@example.org', 'hana-token');
      const held = await write(v.who, { ...v.fields, body: 'Held for now' });
      const readerHeld = await write(as(ben), { body: '[a](https://a.example) [b](https://b.example)' });
      const ids = async (viewer: { userId: string | null; visitorTokenHash: string | null }) => [
        ...(await loadThread(t.db, post.id, viewer, 5)).byId.keys(),
      ];

      const anyone = await ids({ userId: null, visitorTokenHash: null });
      expect(anyone).not.toContain(held.id);
      expect(anyone).not.toContain(readerHeld.id);
      expect(await ids({ userId: null, visitorTokenHash: 'hana-token' })).toContain(held.id);
      expect(await ids({ userId: null, visitorTokenHash: 'someone-else' })).not.toContain(held.id);
      expect(await ids({ userId: ben.id, visitorTokenHash: null })).toContain(readerHeld.id);
      expect(await ids({ userId: ann.id, visitorTokenHash: null })).not.toContain(readerHeld.id);
      const mine = (await loadThread(t.db, post.id, { userId: null, visitorTokenHash: 'hana-token' }, 5)).byId.get(
        held.id!,
      )!;
      expect(mine).toMatchObject({ mine: true, status: 'pending', authorName: 'Hana' });
      expect(mine).not.toHaveProperty('authorEmail');

      await applyDecision(t.db, [held.id!], 'approve', tick());
      expect(await ids({ userId: null, visitorTokenHash: null })).toContain(held.id);
    });

    it('moderates one or many: approve, spam, delete; pending first in the queue', async () => {
      const a = visitor('Queue One', 'q1@example.org');
      const b = visitor('Queue Two', 'q2@example.org');
      const one = await write(a.who, { ...a.fields, body: 'one' });
      const two = await write(b.who, { ...b.fields, body: 'two' });
      const published = await write(as(ann), { body: 'published' });

      const queue = await listModerationQueue(t.db, { status: null, page: 1 });
      const firstNonPending = queue.items.findIndex((i) => i.status !== 'pending');
      expect(queue.items.slice(firstNonPending).some((i) => i.status === 'pending')).toBe(false);
      expect(queue.items.find((i) => i.id === one.id)).toMatchObject({
        authorEmail: 'q1@example.org',
        postSlug: post.slug,
      });
      expect(queue.counts.pending).toBeGreaterThanOrEqual(2);
      const onlyPending = await listModerationQueue(t.db, { status: 'pending', page: 1 });
      expect(onlyPending.items.every((i) => i.status === 'pending')).toBe(true);

      expect(await applyDecision(t.db, [one.id!, two.id!, published.id!], 'approve', tick())).toBe(2);
      expect(await applyDecision(t.db, [one.id!, two.id!], 'spam', tick())).toBe(2);
      expect(await statusOf(one.id!)).toBe('spam');
      expect(await applyDecision(t.db, [one.id!, two.id!, published.id!], 'delete', tick())).toBe(3);
      expect(await statusOf(one.id!)).toBeNull();
      expect(await statusOf(published.id!)).toBeNull();
      expect(await applyDecision(t.db, [one.id!], 'approve', tick())).toBe(0);
    });

    it('notifies the parent writer of replies, and authors of new and held comments', async () => {
      const clear = () => t.db.deleteFrom('notifications').execute();
      const messages = async (account: Account) =>
        (await listNotifications(t.db, account.id)).map((n) => `${n.message} -> ${n.link}`);
      await clear();

      const parent = await write(as(ann), { body: 'Parent for notices' });
      expect(await messages(author)).toEqual([`New comment on On wishing -> /posts/${post.slug}#comment-${parent.id}`]);
      const reply = await write(as(ben), { body: 'Answer', parent_id: String(parent.id) });
      expect(await messages(ann)).toEqual([`Ben replied to your comment -> /posts/${post.slug}#comment-${reply.id}`]);

      await write(as(ann), { body: 'Talking to myself', parent_id: String(reply.id) });
      await write(as(ann), { body: 'And again', parent_id: String(parent.id) });
      expect(await messages(ann)).toHaveLength(1); // no notice for answering oneself
      expect(await messages(ben)).toHaveLength(1);

      await clear();
      const v = visitor('Held Visitor', 'held@example.org');
      const heldReply = await write(v.who, { ...v.fields, body: 'Held reply', parent_id: String(parent.id) });
      expect(await messages(author)).toEqual([
        'Comment awaiting moderation on On wishing -> /admin/comments?status=pending',
      ]);
      expect(await messages(ann)).toEqual([]);
      await applyDecision(t.db, [heldReply.id!], 'approve', tick());
      expect(await messages(ann)).toEqual([
        `Held Visitor replied to your comment -> /posts/${post.slug}#comment-${heldReply.id}`,
      ]);

      await clear();
      await write(as(author), { body: 'The author answers', parent_id: String(parent.id) });
      expect(await messages(author)).toEqual([]);
      expect(await messages(ann)).toHaveLength(1);
      // A reader replying to the author: the author hears once, as the one answered.
      const authorComment = await write(as(author), { body: 'Author speaks' });
      await clear();
      await write(as(ben), { body: 'To the author', parent_id: String(authorComment.id) });
      expect(await messages(author)).toEqual([
        expect.stringMatching(/^Ben replied to your comment -> /) as unknown as string,
      ]);
    });

    it('feeds approved comments newest first', async () => {
      clock = new Date('2026-05-01T12:00:00Z'); // after the rate-limit test's comments
      const first = await write(as(ann), { body: 'Feed one' });
      const second = await write(as(ben), { body: 'Feed **two**' });
      const held = await write(as(ben), { body: '[a](https://a.example) [b](https://b.example)' });
      const feed = await listFeedComments(t.db, post.id);
      expect(feed[0]).toMatchObject({ id: second.id, authorName: 'Ben', bodyHtml: '<p>Feed <strong>two</strong></p>' });
      expect(feed[1]!.id).toBe(first.id);
      expect(feed.map((c) => c.id)).not.toContain(held.id);
      const times = feed.map((c) => c.createdAt.getTime());
      expect([...times].sort((x, y) => y - x)).toEqual(times);
    });
  },
  60_000,
);
