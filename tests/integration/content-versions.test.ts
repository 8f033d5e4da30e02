// Scoped content versions across two app processes on one database: what the
// services record, what each process's caches throw away, and (property test)
// that no read started after a write was acknowledged returns a page without it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type Account } from '../../src/lib/auth/users.ts';
import { createComment, type Commenter } from '../../src/lib/comments/service.ts';
import { ThreadViews } from '../../src/lib/comments/view.ts';
import { postPageScopes, scope } from '../../src/lib/content/scopes.ts';
import { readVersionDelta } from '../../src/lib/content/version.ts';
import { createDb, type Db } from '../../src/lib/db.ts';
import type { Post } from '../../src/lib/posts/model.ts';
import { ensureCurrentBoard } from '../../src/lib/wishes/board/boards.ts';
import { postOffer, postWish } from '../../src/lib/wishes/service.ts';
import { loadBoardView } from '../../src/lib/wishes/view.ts';
import { PageStore, type Freshness } from '../../src/server/cache/page-store.ts';
import { createScopedVersionReader } from '../../src/server/cache/version-reader.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeConfirmedAccount, makePost } from '../helpers/fixtures.ts';

const schedule = { timeZone: 'UTC', wishWeekday: 3 };
const NOW = new Date('2026-11-25T12:00:00Z'); // a Wednesday: the board takes wishes
const NOBODY = { userId: null, visitorTokenHash: null };

interface Kept extends Freshness {
  html: string;
}

/** A page: a post's thread, or the board. */
interface PageSpec {
  key: string;
  scopes: readonly string[];
  post: Post | null;
}

/** One app process: its own database handle, version reader, thread cache and page store. */
function appProcess(db: Db) {
  // The property test holds back each version read's answer a little, to overlap reads and writes.
  const hold = { answer: <T>(p: Promise<T>): Promise<T> => p };
  const readVersions = createScopedVersionReader(db, {
    readDelta: (on, since) => hold.answer(readVersionDelta(on, since)),
  });
  const threads = new ThreadViews(db, readVersions);
  const store = new PageStore<Kept>({ maxBytes: 8 * 1024 * 1024 });
  let renders = 0;
  const text = (html: string | Uint8Array) => (typeof html === 'string' ? html : Buffer.from(html).toString());
  const render = {
    post: async (post: Post, state: Awaited<ReturnType<typeof readVersions>>) =>
      text((await threads.view({ post, viewer: NOBODY, now: NOW, timeZone: 'UTC', version: state })).threadHtml),
    board: async () => {
      const board = await ensureCurrentBoard(db, NOW, schedule);
      const view = await loadBoardView(db, board, NOBODY, NOW, schedule);
      return view.wishes.map((w) => w.bodyHtml + w.offers.map((o) => o.bodyHtml).join('')).join('\n');
    },
  };
  /** A page as a request would get it: from this process's store while fresh, else rendered here and kept. */
  async function read(page: PageSpec) {
    const state = await readVersions();
    const hit = store.get(page.key, state, 0);
    if (hit) return hit.html;
    renders++;
    const html = page.post ? await render.post(page.post, state) : await render.board();
    store.set(page.key, { renderedAt: state.version, scopes: page.scopes, expiresAt: Infinity, bytes: 0, html });
    return html;
  }
  return { db, read, render, hold, renders: () => renders };
}

describe.each(dbTargets)('scoped content versions on %s', (target) => {
  let t: TestDatabase;
  let second: Db | null = null;
  let one: ReturnType<typeof appProcess>;
  let two: ReturnType<typeof appProcess>;
  let reader: Account;
  let postA: Post;
  let postB: Post;
  let n = 0;
  const pages = (): Record<'a' | 'b' | 'board', PageSpec> => ({
    a: { key: 'a', scopes: postPageScopes(postA.id), post: postA },
    b: { key: 'b', scopes: postPageScopes(postB.id), post: postB },
    board: { key: 'board', scopes: [scope.board('2026-11-25')], post: null },
  });
  const asReader = { user: { id: '', name: '', role: 'reader' as const }, ip: null, visitorTokenHash: null };

  beforeAll(async () => {
    t = await openTestDb(target);
    // On PostgreSQL the second process has a connection pool of its own; PGlite is one process's alone.
    second = t.url ? createDb({ databaseUrl: t.url, dataDir: '' }) : null;
    one = appProcess(t.db);
    two = appProcess(second ?? t.db);
    reader = await makeConfirmedAccount(t.db, { name: 'Rae' });
    asReader.user = { id: reader.id, name: reader.name, role: 'reader' };
    postA = await makePost(t.db, { title: 'A' });
    postB = await makePost(t.db, { title: 'B' });
    await ensureCurrentBoard(t.db, NOW, schedule);
  });
  afterAll(async () => {
    await second?.destroy();
    await t?.drop();
  });

  const comment = (db: Db, post: Post, body: string, extra: Record<string, string> = {}, who: Commenter = asReader) =>
    createComment(db, { post_id: String(post.id), body, ...extra }, who, NOW, { rateLimitFactor: 1e9 });
  const context = { now: NOW, schedule, rateLimitFactor: 1e9 };

  it('throws away only the pages that show a change', async () => {
    const p = pages();
    // Each page rendered once, then served from the store.
    for (const page of [p.a, p.b, p.board, p.a, p.b, p.board]) await one.read(page);
    expect(one.renders()).toBe(3);
    await comment(two.db, postA, 'Only A changes.');
    expect(await one.read(p.a)).toContain('Only A changes.');
    await one.read(p.b);
    await one.read(p.board);
    expect(one.renders()).toBe(4);
    await postWish(two.db, asReader, { board_date: '2026-11-25', body: 'Only the board changes.' }, context);
    expect(await one.read(p.board)).toContain('Only the board changes.');
    await one.read(p.a);
    expect(one.renders()).toBe(5);
  });

  it('records nothing when no reader can see a change', async () => {
    const before = (await readVersionDelta(t.db, null)).version;
    // A bot caught by the honeypot, an account signing up.
    await comment(t.db, postA, 'Buy now', { website_url_confirm: 'http://spam.example' });
    await createAccount(t.db, { name: 'New', email: `new-${n++}@example.test`, password: 'long enough pw' });
    expect((await readVersionDelta(t.db, null)).version).toBe(before);
    // A held comment changes only who has something held, not the post's page.
    const visitor = { user: null, ip: null, visitorTokenHash: 'v'.repeat(64) };
    await comment(t.db, postA, 'Held for now.', { name: 'Vi', email: 'vi@example.test' }, visitor);
    const { changed } = await readVersionDelta(t.db, before);
    expect(changed.map(([s]) => s)).toEqual([scope.heldOnPost(postA.id)]);
  });

  it('never serves a read started after a write was acknowledged a page without it (property)', async () => {
    const p = pages();
    const wishId = (await postWish(t.db, asReader, { board_date: '2026-11-25', body: 'Base wish.' }, context)).wishId;
    type Command = { at: number; via: 0 | 1 } & (
      { kind: 'comment'; on: 'a' | 'b' } | { kind: 'wish' | 'offer' } | { kind: 'read'; page: 'a' | 'b' | 'board' }
    );
    // Each command starts `at` ms into the run, on either process: reads and writes overlap for real.
    const timing = { at: fc.integer({ min: 0, max: 40 }), via: fc.constantFrom<0 | 1>(0, 1) };
    const page = fc.constantFrom<'a' | 'b' | 'board'>('a', 'b', 'board');
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({ ...timing, kind: fc.constant('comment' as const), on: fc.constantFrom<'a' | 'b'>('a', 'b') }),
      fc.record({ ...timing, kind: fc.constantFrom<'wish' | 'offer'>('wish', 'offer') }),
      fc.record({ ...timing, kind: fc.constant('read' as const), page }),
      fc.record({ ...timing, kind: fc.constant('read' as const), page }),
    );
    // How long each version read's answer is held back: a read in flight while a write is acknowledged.
    const holds = fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 8 });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 2, maxLength: 12 }), holds, async (commands, delays) => {
        const processes = [one, two];
        let next = 0;
        for (const proc of processes) {
          proc.hold.answer = async (answer) => {
            const value = await answer;
            await sleep(delays[next++ % delays.length]!);
            return value;
          };
        }
        /** Texts acknowledged so far, by the page that must show them. */
        const acked: Record<'a' | 'b' | 'board', string[]> = { a: [], b: [], board: [] };
        const run = async (cmd: Command) => {
          await sleep(cmd.at);
          const proc = processes[cmd.via]!;
          if (cmd.kind === 'read') {
            const mustShow = [...acked[cmd.page]];
            const html = await proc.read(p[cmd.page]);
            for (const text of mustShow) expect(html, `${cmd.page} read on process ${cmd.via}`).toContain(text);
            return;
          }
          const text = `Written ${n++} on ${cmd.via}.`;
          if (cmd.kind === 'comment') await comment(proc.db, cmd.on === 'a' ? postA : postB, text);
          else if (cmd.kind === 'wish')
            await postWish(proc.db, asReader, { board_date: '2026-11-25', body: text }, context);
          else {
            const offer = { wish_id: wishId, board_date: '2026-11-25', kind: 'skill', body: text };
            await postOffer(proc.db, asReader, offer, context);
          }
          acked[cmd.kind === 'comment' ? cmd.on : 'board'].push(text);
        };
        try {
          await Promise.all(commands.map(run));
        } finally {
          for (const proc of processes) proc.hold.answer = (answer) => answer;
        }
      }),
      { numRuns: 30 },
    );
  });
});
