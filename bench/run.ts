// npm run bench: seeds a database through the service layer (posts, a 200- and
// a 2,000-comment thread, today's board with 1,000 wishes and 3,000 offers),
// starts the built server on it, and measures reader pages with autocannon
// beside a bare node:http server sending the same bytes, then a busy wish day
// (readers while a writer posts), the board's rendering, and memory.
// PostgreSQL when DATABASE_URL or TEST_DATABASE_URL is set, else PGlite.
import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest } from '../db/migrator.ts';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import { WEEKDAYS } from '../src/lib/config.ts';
import { createDb } from '../src/lib/db.ts';
import { BROWSER, fetchRaw, load, medianLatency, peakRssMb, wireSizes, type Load } from './measure.ts';
import { printAndSave, type Results } from './report.ts';
import { BENCH_PASSWORD, seedBenchmark, seedBoard } from './seed.ts';
import { cookieFrom, createBenchDatabase, freePort, postForm, startServer } from './support.ts';
import { measureMix } from './wish-day.ts';

/** BENCH_SMOKE=1: a small site and short runs, to check the benchmark itself works. */
const SMOKE = process.env.BENCH_SMOKE === '1';
/** BENCH_HEAP_SNAPSHOT=1: the server writes a heap snapshot (Heap.*.heapsnapshot) at the end. */
const SNAPSHOT = process.env.BENCH_HEAP_SNAPSHOT === '1';

async function main() {
  buildIfStale();
  const { target, env, cleanup } = await createBenchDatabase('wishcast-bench');
  // Today is the wish day, in UTC: the board takes wishes while the writer posts them.
  const now = new Date();
  const wishWeekday = ((now.getUTCDay() + 6) % 7) + 1;
  console.log(`Seeding (${target}) through the service layer…`);
  const db = createDb({ databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR ?? '' });
  let seed;
  let board;
  try {
    await migrateToLatest(db);
    seed = await seedBenchmark(db, now, SMOKE ? 300 : 2000);
    const counts = SMOKE ? { wishes: 100, offers: 300 } : { wishes: 1000, offers: 3000 };
    board = await seedBoard(db, now, { timeZone: 'UTC', wishWeekday }, counts);
    // What autovacuum does soon after a bulk load: the planner's statistics (without them, the board's
    // "give first" query alone took 12 ms instead of 2.5 ms).
    await sql`vacuum analyze`.execute(db);
  } finally {
    await db.destroy();
  }

  // As `npm run serve` runs it (package.json), on today's wish day.
  const server = await startServer(
    {
      ...env,
      SITE_TIMEZONE: 'UTC',
      WISH_DAY: WEEKDAYS[wishWeekday - 1]!,
      RATE_LIMIT_FACTOR: '1000000',
      // One log line per request costs CPU the earlier figures did not pay.
      LOG_LEVEL: 'warn',
    },
    SNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2'] : [],
  );
  const { base } = server;
  const bare = { port: await freePort(), process: null as ReturnType<typeof fork> | null };
  try {
    const logIn = async (email: string) => {
      const login = await postForm(base, '/login?_action=auth.logIn', { email, password: BENCH_PASSWORD });
      const cookie = cookieFrom(login);
      if (!cookie) throw new Error(`could not log in as ${email} (${login.status})`);
      return cookie;
    };
    const signedIn = { cookie: await logIn(seed.readerEmail) };
    const writerInThread = { cookie: await logIn(seed.writerEmail) };
    const author = { cookie: await logIn(seed.authorEmail) };
    const benchWriter = await logIn(seed.benchWriterEmail);
    const post200 = `/posts/${seed.post200.slug}`;

    // The bare server sends the 200-comment post's brotli bytes, as the app does to browsers.
    const captured = await fetchRaw(base + post200, BROWSER);
    const file = join(mkdtempSync(join(tmpdir(), 'wishcast-bare-')), 'page.br');
    writeFileSync(file, captured.body);
    bare.process = fork(resolve('bench/bare-server.ts'), [file, String(bare.port), 'br'], { stdio: 'ignore' });
    await new Promise((r) => bare.process!.once('message', r));

    const targets: [string, string, string, Record<string, string>][] = [
      ['bare node:http, same bytes', `http://127.0.0.1:${bare.port}`, '/', {}],
      ['home page, anonymous', base, '/', {}],
      ['200-comment post, anonymous', base, post200, {}],
      ['200-comment post, signed-in reader', base, post200, signedIn],
      ['200-comment post, reader who wrote in it', base, post200, writerInThread],
      ['200-comment post, the author', base, post200, author],
      ['wish board (1,000 wishes), anonymous', base, '/wishes', {}],
    ];
    const readOnly: (Load & { name: string; path: string })[] = [];
    for (const [name, origin, path, headers] of targets) {
      process.stdout.write(`Measuring ${name}… `);
      const result = await load(origin + path, { ...BROWSER, ...headers });
      readOnly.push({ name, path, ...result });
      console.log(`${result.requestsPerSecond} req/s`);
    }

    const writer = { base, cookie: benchWriter, boardDate: board.boardDate, post: seed.post200 };
    process.stdout.write('Wish day: readers on the 200-comment post, without and with the writer… ');
    const rounds = SMOKE ? 1 : 3;
    const mixPost = await measureMix(post200, writer, rounds);
    console.log(`${mixPost.ratio * 100}%`);
    process.stdout.write('Wish day: readers on the board, without and with the writer… ');
    const mixBoard = await measureMix('/wishes', writer, rounds);
    console.log(`${mixBoard.ratio * 100}%`);

    // The board: its first page, rendered with the wish cards kept, and with none kept (a cursor never seen).
    const visitor = { cookie: `wishcast_visitor=${'b'.repeat(40)}` };
    const boardKept = await medianLatency(() => `${base}/wishes`, visitor);
    const boardCold = await medianLatency((i) => `${base}/wishes?before=${2_000_000_000 - i}`, visitor);
    // Threads rendered again after a write (what every comment costs readers of that post).
    const afterWrite = async (post: { id: number; slug: string }) => {
      const times: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await postForm(
          base,
          `/posts/${post.slug}?_action=comments.create`,
          { post_id: String(post.id), body: `Timing ${i}.` },
          benchWriter,
        );
        const id = /comment-(\d+)/.exec(res.headers.get('location') ?? '')?.[1];
        const started = performance.now();
        await (await fetch(`${base}/posts/${post.slug}`, { headers: BROWSER })).arrayBuffer();
        if (i >= 2) times.push(performance.now() - started);
        if (id) await postForm(base, `/comments/${id}/delete?_action=comments.remove`, { id }, benchWriter);
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    };
    const rerender200 = await afterWrite(seed.post200);
    const rerender2000 = await afterWrite(seed.post2000);

    const results: Results = {
      date: new Date().toISOString(),
      target,
      readOnly,
      mix: [mixPost, mixBoard],
      board: {
        wishes: 1000,
        offers: 3000,
        renderKeptMs: +boardKept.toFixed(2),
        renderColdMs: +boardCold.toFixed(2),
        firstPage: await wireSizes(`${base}/wishes`),
      },
      rerenderMs: { comments200: +rerender200.toFixed(2), comments2000: +rerender2000.toFixed(2) },
      wire: {
        home: await wireSizes(`${base}/`),
        post200: await wireSizes(base + post200),
        post2000: await wireSizes(`${base}/posts/${seed.post2000.slug}`),
        board: await wireSizes(`${base}/wishes`),
      },
      serverPeakRssMb: peakRssMb(server.process.pid!),
    };
    printAndSave(results);
    if (SNAPSHOT) {
      server.process.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 15_000));
    }
  } finally {
    bare.process?.kill();
    await server.stop();
    await cleanup();
  }
}

await main();
