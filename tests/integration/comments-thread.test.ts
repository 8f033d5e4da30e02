// A post with 200 comments renders its thread from ONE query, built in memory.
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/lib/auth/users.ts';
import { loadThread } from '../../src/lib/comments/thread.ts';
import type { ThreadNode } from '../../src/lib/comments/tree.ts';
import type { ThreadComment } from '../../src/lib/comments/thread.ts';
import type { Db } from '../../src/lib/db.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount, makePost } from '../helpers/fixtures.ts';

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

describe.each(dbTargets)('a 200-comment thread on %s', (target) => {
  let t: TestDatabase;
  let post: Post;
  let author: Account;
  let reader: Account;
  const expectedShown = new Set<number>();

  beforeAll(async () => {
    t = await openTestDb(target);
    author = await makeAccount(t.db, { name: 'Alma', role: 'author' });
    reader = await makeAccount(t.db, { name: 'Rita' });
    post = await makePost(t.db, { authorId: author.id });
    const ids: number[] = [];
    const start = Date.parse('2026-02-01T00:00:00Z');
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 200; i++) {
        // A deterministic mix: top-level comments, replies to recent ones, deep chains.
        const earlier = Math.floor((((i * 7919) % 1009) / 1009) * i);
        const parent = i === 0 || i % 7 === 0 ? null : ids[i % 3 === 0 ? i - 1 : earlier]!;
        const status = i % 25 === 24 ? 'pending' : 'approved';
        const row = await trx
          .insertInto('comments')
          .values({
            post_id: post.id,
            parent_id: parent,
            user_id: i % 10 === 0 ? author.id : reader.id,
            author_name: i % 10 === 0 ? 'Alma' : 'Rita',
            body_md: `Comment ${i}`,
            body_html: `<p>Comment ${i}</p>`,
            status,
            created_at: new Date(start + i * 60_000),
            updated_at: new Date(start + i * 60_000),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(row.id);
      }
    });
    // Anyone sees the approved ones whose ancestors are all approved.
    const rows = await t.db.selectFrom('comments').select(['id', 'parent_id', 'status']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const visible = (id: number): boolean => {
      const r = byId.get(id)!;
      return r.status === 'approved' && (r.parent_id === null || visible(r.parent_id));
    };
    for (const r of rows) if (visible(r.id)) expectedShown.add(r.id);
  });
  afterAll(() => t?.drop());

  it('reads the whole thread with exactly one query', async () => {
    const { db, queries } = counting(t.db);
    const thread = await loadThread(db, post.id, { userId: null, visitorTokenHash: null }, 5);
    expect(queries).toEqual(['SelectQueryNode']);

    expect(new Set(thread.byId.keys())).toEqual(expectedShown);
    expect(thread.approvedCount).toBe(expectedShown.size);
    expect(expectedShown.size).toBeGreaterThan(150);
    // Display order: every reply after its parent, depth never beyond the cap.
    const order: ThreadNode<ThreadComment>[] = [];
    const walk = (nodes: ThreadNode<ThreadComment>[]) =>
      nodes.forEach((n) => {
        order.push(n);
        walk(n.replies);
      });
    walk(thread.nodes);
    const position = new Map(order.map((n, i) => [n.comment.id, i]));
    for (const n of order) {
      if (n.comment.parentId !== null)
        expect(position.get(n.comment.parentId)!).toBeLessThan(position.get(n.comment.id)!);
      expect(n.depth).toBeLessThanOrEqual(5);
    }
    expect(order.some((n) => n.inReplyTo !== null)).toBe(true);
    expect(order.filter((n) => n.comment.byAuthor).every((n) => n.comment.authorName === 'Alma')).toBe(true);
  });

  it('adds the reader’s own held comments within the same single query', async () => {
    const { db, queries } = counting(t.db);
    const thread = await loadThread(db, post.id, { userId: reader.id, visitorTokenHash: 'some-visitor' }, 3);
    expect(queries).toHaveLength(1);
    expect([...thread.byId.values()].some((c) => c.status === 'pending' && c.mine)).toBe(true);
    expect(thread.byId.size).toBeGreaterThan(expectedShown.size);
  });
});
