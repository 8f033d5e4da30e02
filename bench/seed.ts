// Seeds the benchmark's database through the service layer, as the app would.
import type { Db } from '../src/lib/db.ts';
import { createAccount, type Account } from '../src/lib/auth/users.ts';
import { createComment } from '../src/lib/comments/service.ts';
import { createPost } from '../src/lib/posts/service.ts';

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
  post200: string;
  post2000: string;
}

export async function seedBenchmark(db: Db, now: Date): Promise<BenchSeed> {
  const author = await createAccount(
    db,
    { name: 'Ada Author', email: 'author@bench.test', password: BENCH_PASSWORD },
    'author',
  );
  const readers: Account[] = [];
  for (let i = 0; i < 20; i++) {
    readers.push(
      await createAccount(db, {
        name: `Reader ${i + 1}`,
        email: `reader${i + 1}@bench.test`,
        password: BENCH_PASSWORD,
      }),
    );
  }
  await createAccount(db, { name: 'Quiet Reader', email: 'quiet@bench.test', password: BENCH_PASSWORD });
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
  const threads: [string, number][] = [
    ['a-conversation-with-200-comments', 200],
    ['a-conversation-with-2000-comments', 2000],
  ];
  for (const [slug, count] of threads) {
    const post = await createPost(db, {
      title: `A conversation with ${count} comments`,
      slug,
      bodyMd: `What is one thing someone did for you that you still remember?\n\n${SENTENCES.slice(0, 4).join(' ')}`,
      excerpt: null,
      tags: ['community'],
      status: 'published',
      publishedAt: new Date(now.getTime() - 40 * day),
      authorId: author.id,
    });
    await seedThread(db, post.id, readers, count, new Date(now.getTime() - 39 * day));
  }
  return {
    writerEmail: 'reader1@bench.test',
    readerEmail: 'quiet@bench.test',
    post200: threads[0]![0],
    post2000: threads[1]![0],
  };
}
