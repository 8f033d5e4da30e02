// Seeds the benchmark's database through the service layer, as the app would.
import type { Db } from '../src/lib/db.ts';
import { createAccount, markEmailVerified, type Account } from '../src/lib/auth/users.ts';
import { createComment } from '../src/lib/comments/service.ts';
import { createPost } from '../src/lib/posts/service.ts';
import { ensureCurrentBoard } from '../src/lib/wishes/board/boards.ts';
import { postOffer, postWish } from '../src/lib/wishes/service.ts';

export const BENCH_PASSWORD = 'bench password 123';
const MAX_DEPTH = 5;

const SENTENCES = [
  'This really helped me think about how I ask for introductions.',
  'I tried the **three questions** idea at a meetup last week and it worked.',
  'Could you say more about how you follow up afterwards?',
  'We started a small *giving circle* at work because of a post like this.',
  'Thank you — I shared this with two friends who are starting out.',
  'My favourite part is asking what the other person is working on first.',
  'A referral from a stranger once changed my year; paying it forward now.',
  'Has anyone found a good way to keep track of offers of help?',
];

function body(i: number): string {
  const first = SENTENCES[i % SENTENCES.length]!;
  const second = SENTENCES[(i * 7 + 3) % SENTENCES.length]!;
  return i % 5 === 0 ? `${first}\n\n${second}` : `${first} ${second}`;
}

/** A deterministic thread: about a third top-level, the rest replies up to MAX_DEPTH deep. */
async function seedThread(db: Db, postId: number, readers: Account[], count: number, start: Date) {
  const depths: { id: number; depth: number }[] = [];
  for (let i = 0; i < count; i++) {
    const candidates = depths.filter((c) => c.depth < MAX_DEPTH);
    const parent = i % 3 === 0 || candidates.length === 0 ? null : candidates[(i * 31) % candidates.length]!;
    const reader = readers[i % readers.length]!;
    const created = await createComment(
      db,
      { post_id: String(postId), parent_id: parent ? String(parent.id) : '', body: body(i) },
      { user: { id: reader.id, name: reader.name, role: 'reader' }, ip: null, visitorTokenHash: null },
      new Date(start.getTime() + i * 60_000),
      { rateLimitFactor: 1e9 },
    );
    depths.push({ id: created.id!, depth: parent ? parent.depth + 1 : 1 });
  }
}

export interface BenchSeed {
  /** A reader with comments in both threads: their page has their own controls. */
  writerEmail: string;
  /** A reader who has not written in the threads, like most readers of a post. */
  readerEmail: string;
  /** The site's author. */
  authorEmail: string;
  /** The reader the wish-day writer posts as. */
  benchWriterEmail: string;
  post200: { id: number; slug: string };
  post2000: { id: number; slug: string };
}

export async function seedBenchmark(db: Db, now: Date, longThread = 2000): Promise<BenchSeed> {
  const author = await createAccount(
    db,
    { name: 'Ada Author', email: 'author@bench.test', password: BENCH_PASSWORD },
    'author',
  );
  const readers: Account[] = [];
  for (let i = 0; i < 20; i++) {
    const reader = await createAccount(db, {
      name: `Reader ${i + 1}`,
      email: `reader${i + 1}@bench.test`,
      password: BENCH_PASSWORD,
    });
    // Confirmed, as readers who comment are: an unconfirmed account's comments are held.
    await markEmailVerified(db, reader.id, now);
    readers.push(reader);
  }
  await createAccount(db, { name: 'Quiet Reader', email: 'quiet@bench.test', password: BENCH_PASSWORD });
  const writer = await createAccount(db, { name: 'Busy Writer', email: 'writer@bench.test', password: BENCH_PASSWORD });
  // Confirmed, or the wish-day writer's wishes would be held and its offers on them refused.
  await markEmailVerified(db, writer.id, now);
  const day = 86_400_000;
  for (let i = 0; i < 12; i++) {
    await createPost(db, {
      title: `Notes on helping, part ${i + 1}`,
      slug: null,
      bodyMd: `${SENTENCES.join(' ')}\n\n## What I learned\n\n- Ask first\n- Offer one thing\n- Follow up`,
      excerpt: null,
      tags: ['networking', i % 2 ? 'giving' : 'community'],
      status: 'published',
      publishedAt: new Date(now.getTime() - (30 - i) * day),
      authorId: author.id,
    });
  }
  const threads: { id: number; slug: string }[] = [];
  for (const count of [200, longThread]) {
    const post = await createPost(db, {
      title: `A conversation with ${count} comments`,
      slug: `a-conversation-with-${count}-comments`,
      bodyMd: `What is one thing someone did for you that you still remember?\n\n${SENTENCES.slice(0, 4).join(' ')}`,
      excerpt: null,
      tags: ['community'],
      status: 'published',
      publishedAt: new Date(now.getTime() - 40 * day),
      authorId: author.id,
    });
    await seedThread(db, post.id, readers, count, new Date(now.getTime() - 39 * day));
    threads.push({ id: post.id, slug: post.slug });
  }
  // The author answers in the 200-comment thread too: their page has their own controls.
  await createComment(
    db,
    { post_id: String(threads[0]!.id), parent_id: '', body: 'Thank you all for sharing these.' },
    { user: { id: author.id, name: author.name, role: 'author' }, ip: null, visitorTokenHash: null },
    new Date(now.getTime() - 30 * day),
    { rateLimitFactor: 1e9 },
  );
  return {
    writerEmail: 'reader1@bench.test',
    readerEmail: 'quiet@bench.test',
    authorEmail: 'author@bench.test',
    benchWriterEmail: 'writer@bench.test',
    post200: threads[0]!,
    post2000: threads[1]!,
  };
}

const WISHES = [
  'I wish to find three clients who love what I do.',
  'I wish for an introduction to someone who runs a **community garden**.',
  'I wish to learn how to ask for help without apologising.',
  'I wish for a mentor in *product design*.',
  'I wish to sell my first print at the Saturday market.',
];
const OFFERS = [
  'Happy to introduce you to a friend who did exactly this last year.',
  'I can review your portfolio over coffee.',
  'You can do it! Cheering for you.',
];
const KINDS = ['encouragement', 'introduction', 'referral', 'skill', 'resource'] as const;

/**
 * Today's board with `wishes` wishes and `offers` offers spread over them, posted
 * through the service layer by the readers; `now` must be on the wish day of `schedule`.
 */
export async function seedBoard(
  db: Db,
  now: Date,
  schedule: { timeZone: string; wishWeekday: number },
  counts: { wishes: number; offers: number },
): Promise<{ boardDate: string }> {
  // Confirmed readers only: an unconfirmed account's wish is held, and nobody may offer on it.
  const readers = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('role', '=', 'reader')
    .where('email_verified_at', 'is not', null)
    .orderBy('created_at')
    .execute();
  const actor = (i: number) => {
    const r = readers[i % readers.length]!;
    return { user: { id: r.id, name: r.name, role: 'reader' as const }, ip: null, visitorTokenHash: null };
  };
  const board = await ensureCurrentBoard(db, now, schedule);
  const context = { now, schedule, rateLimitFactor: 1e9 };
  const ids: number[] = [];
  // A few at a time, as readers would: the database takes them side by side.
  const inBatches = async (n: number, post: (i: number) => Promise<void>) => {
    for (let i = 0; i < n; i += 8) await Promise.all(Array.from({ length: Math.min(8, n - i) }, (_, j) => post(i + j)));
  };
  await inBatches(counts.wishes, async (i) => {
    const body = `${WISHES[i % WISHES.length]} (wish ${i + 1})`;
    ids[i] = (await postWish(db, actor(i), { board_date: board.date, body }, context)).wishId;
  });
  // Older wishes got the offers, as on a real board: the newest fifth have none yet.
  await inBatches(counts.offers, async (i) => {
    const wishId = ids[(i * 7919) % Math.max(1, Math.floor(ids.length * 0.8))]!;
    const offer = { wish_id: wishId, board_date: board.date, kind: KINDS[i % KINDS.length]!, body: OFFERS[i % 3]! };
    await postOffer(db, actor(i + 1), offer, context);
  });
  return { boardDate: board.date };
}
