// The comments section's thread, read and rendered once per content version and
// shared by every viewer with nothing held, against a real database.
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/lib/auth/users.ts';
import { createScopedVersionReader } from '../../src/server/cache/version-reader.ts';
import { applyDecision, setCommentsClosed } from '../../src/lib/comments/moderation.ts';
import { renderThreadHtml } from '../../src/lib/comments/render.ts';
import { createComment, deleteOwnComment, type Commenter } from '../../src/lib/comments/service.ts';
import { loadThread } from '../../src/lib/comments/thread.ts';
import { ThreadViews, type ThreadViewRequest } from '../../src/lib/comments/view.ts';
import type { Db } from '../../src/lib/db.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';

const ZONE = 'Europe/Berlin';

/** The same database handle, counting every query it executes. */
function counting(db: Db): { db: Db; queries: string[] } {
  const queries: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      queries.push(node.kind);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { db: db.withPlugin(plugin), queries };
}

const text = (html: string | Uint8Array) => (typeof html === 'string' ? html : Buffer.from(html).toString('utf8'));

describe.each(dbTargets)('thread views on %s', (target) => {
  let t: TestDatabase;
  let ann: Account;
  let ben: Account;
  let post: Post;
  let clock = new Date('2026-03-01T12:00:00Z');
  const tick = () => (clock = new Date(clock.getTime() + 60_000));
  const as = (account: Account | null, token: string | null = null): Commenter => ({
    user: account ? { id: account.id, name: account.name, role: account.role } : null,
    ip: null,
    visitorTokenHash: token,
  });
  const write = async (who: Commenter, body: string, extra: Record<string, string> = {}) => {
    const created = await createComment(t.db, { post_id: String(post.id), body, ...extra }, who, tick(), {
      rateLimitFactor: 1000,
    });
    return created.id!;
  };
  /** One process's views, counting the queries they make. */
  const process = () => {
    const { db, queries } = counting(t.db);
    return {
      views: new ThreadViews(db, createScopedVersionReader(db)),
      queries,
    };
  };
  const request = (viewer: Partial<ThreadViewRequest['viewer']> = {}, at = clock): ThreadViewRequest => ({
    post,
    viewer: { userId: null, visitorTokenHash: null, ...viewer },
    now: at,
    timeZone: ZONE,
  });

  beforeAll(async () => {
    t = await openTestDb(target);
    const author = await makeConfirmedAccount(t.db, { name: 'Alma', role: 'author' });
    ann = await makeConfirmedAccount(t.db, { name: 'Ann' });
    ben = await makeConfirmedAccount(t.db, { name: 'Ben' });
    post = await makePost(t.db, { authorId: author.id, publishedAt: new Date('2026-02-20T10:00:00Z') });
    const first = await write(as(ann), 'Ann was here.');
    await write(as(ben), 'Ben answers.', { parent_id: String(first) });
    await write(as(author), 'The author *replies*.', { parent_id: String(first) });
  });
  afterAll(() => t?.drop());

  it('reads the thread once until it changes, then only the versions', async () => {
    const { views, queries } = process();
    const first = await views.view(request({ userId: ben.id }));
    // The versions, the settings, the thread (one query) and who has comments held.
    expect(queries).toHaveLength(4);
    expect(first.approvedCount).toBe(3);
    expect(text(first.threadHtml)).toContain('The author <em>replies</em>.');

    queries.length = 0;
    const again = await views.view(request({ userId: ann.id }));
    const anonymous = await views.view(request());
    // Only the versions (one raw query each), nothing of the thread.
    expect(queries).toEqual(['RawNode', 'RawNode']);
    // Ann's own controls are the only difference.
    expect(text(again.threadHtml).replace(/<a href="\/comments\/\d+\/(edit|delete)">\w+<\/a>/g, '')).toBe(
      text(anonymous.threadHtml),
    );
  });

  it('shows a new approved comment on the very next view, on every process', async () => {
    const a = process();
    const b = process();
    await a.views.view(request({ userId: ann.id }));
    await b.views.view(request({ userId: ann.id }));
    const id = await write(as(ben), 'Fresh from Ben.');
    for (const { views } of [a, b]) {
      const view = await views.view(request({ userId: ann.id }));
      expect(text(view.threadHtml)).toContain(`<article id="comment-${id}"`);
      expect(text(view.threadHtml)).toContain('Fresh from Ben.');
    }
    await deleteOwnComment(t.db, id, ben, tick());
    expect(text((await b.views.view(request({ userId: ann.id }))).threadHtml)).not.toContain('Fresh from Ben.');
  });

  it('gives a writer the page they would get from reading the thread for them alone', async () => {
    const { views } = process();
    const own = await write(as(ann), 'Mine, just now.');
    for (const at of [clock, new Date(clock.getTime() + 20 * 60_000)]) {
      const view = await views.view(request({ userId: ann.id }, at));
      const thread = await loadThread(t.db, post.id, { userId: ann.id, visitorTokenHash: null }, 5);
      expect(text(view.threadHtml)).toBe(
        renderThreadHtml(thread.nodes, { userId: ann.id, now: at }, { open: true, timeZone: ZONE }),
      );
    }
    expect(text((await views.view(request({ userId: ann.id }))).threadHtml)).toContain(`/comments/${own}/edit`);
    expect(text((await views.view(request({ userId: ben.id }))).threadHtml)).not.toContain(`/comments/${own}/`);
  });

  it('shows a held comment to its writer alone, until it is approved', async () => {
    const { views } = process();
    await views.view(request());
    const held = await write(as(null, 'visitor-one'), 'Held words from Vic.', {
      name: 'Vic',
      email: 'vic@example.org',
    });
    const vic = text((await views.view(request({ visitorTokenHash: 'visitor-one' }))).threadHtml);
    expect(vic).toContain('Held words from Vic.');
    expect(vic).toContain('Your comment is awaiting moderation.');
    for (const viewer of [{}, { userId: ann.id }, { visitorTokenHash: 'visitor-two' }]) {
      expect(text((await views.view(request(viewer))).threadHtml)).not.toContain('Held words from Vic.');
    }
    expect((await views.view(request())).replyTarget(held)).toBeNull();

    await applyDecision(t.db, [held], 'approve', tick());
    const everyone = await views.view(request());
    expect(text(everyone.threadHtml)).toContain('Held words from Vic.');
    expect(text(everyone.threadHtml)).not.toContain('awaiting moderation');
    expect(everyone.replyTarget(held)).toEqual({ id: held, name: 'Vic' });
  });

  it('drops Reply links once the post’s comments are closed', async () => {
    const { views } = process();
    expect(text((await views.view(request())).threadHtml)).toContain('?replyto=');
    await setCommentsClosed(t.db, post.id, true);
    const closed = await views.view({ ...request(), post: { ...post, commentsClosed: true } });
    expect(closed.open).toBe(false);
    expect(text(closed.threadHtml)).not.toContain('?replyto=');
    await setCommentsClosed(t.db, post.id, false);
  });
});
