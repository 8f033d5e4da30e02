// npm run bench:hit — the anonymous hit path alone: the 200-comment post,
// uncompressed, 16 connections, beside a bare node:http server sending the
// same bytes, measured in turns (bare, app, bare, app) so both see the same
// machine. BENCH_PROFILE=DIR also writes the server's CPU profile (--cpu-prof)
// there, for what the hit path spends its time on.
// PostgreSQL when DATABASE_URL or TEST_DATABASE_URL is set, else PGlite.
import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrateToLatest } from '../db/migrator.ts';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import { createDb } from '../src/lib/db.ts';
import { fetchRaw, load } from './measure.ts';
import { seedBenchmark } from './seed.ts';
import { createBenchDatabase, freePort, startServer } from './support.ts';

const PROFILE_DIR = process.env.BENCH_PROFILE;

async function main() {
  buildIfStale();
  const { target, env, cleanup } = await createBenchDatabase('wishcast-hit');
  const db = createDb({ databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR ?? '' });
  let slug: string;
  try {
    await migrateToLatest(db);
    slug = (await seedBenchmark(db, new Date(), 300)).post200.slug;
  } finally {
    await db.destroy();
  }
  const flags = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const server = await startServer({ ...env, RATE_LIMIT_FACTOR: '1000000' }, flags);
  const bare = { port: await freePort(), process: null as ReturnType<typeof fork> | null };
  try {
    const page = `${server.base}/posts/${slug}`;
    const captured = await fetchRaw(page, {});
    const file = join(mkdtempSync(join(tmpdir(), 'wishcast-hit-')), 'page.html');
    writeFileSync(file, captured.body);
    bare.process = fork(resolve('bench/bare-server.ts'), [file, String(bare.port)], { stdio: 'ignore' });
    await new Promise((r) => bare.process!.once('message', r));
    const rounds: { bare: number; app: number }[] = [];
    for (let i = 0; i < 2; i++) {
      const b = await load(`http://127.0.0.1:${bare.port}/`);
      const a = await load(page);
      rounds.push({ bare: b.requestsPerSecond, app: a.requestsPerSecond });
      console.log(`round ${i + 1}: bare ${b.requestsPerSecond}/s, app ${a.requestsPerSecond}/s (p99 ${a.p99Ms} ms)`);
    }
    const sum = (k: 'bare' | 'app') => rounds.reduce((n, r) => n + r[k], 0);
    console.log(
      `${target}, ${captured.body.byteLength} bytes: app/bare = ${Math.round((100 * sum('app')) / sum('bare'))} %`,
    );
  } finally {
    bare.process?.kill();
    await server.stop();
    await cleanup();
  }
}

await main();
