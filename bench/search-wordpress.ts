// npm run bench:search-wordpress: searches nobody made before, on Wishcast's /search
// and on WordPress's own /?s=, over the same 5,000 posts, at 16 connections, in
// alternating rounds of one run. Two cores cannot hold an absolute p99 for a
// stream of new searches (docs/performance.md), so the figure that matters here
// is the ratio beside a real blog engine doing the same work on the same machine.
//
// Needs the WordPress peer on loopback (WP_URL, default http://127.0.0.1:8080):
// `bash ../shared/peers/wordpress/setup.sh` starts it. The posts go into it
// through WordPress's PHP API (bench/wordpress/search-posts.php), once per day.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { migrateToLatest } from '../db/migrator.ts';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import { createDb } from '../src/lib/db.ts';
import { benchPosts, random, searchQueries, seedSearchBenchmark } from './search-seed.ts';
import { createBenchDatabase, startServer } from './support.ts';

const WP_URL = (process.env.WP_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const CONNECTIONS = 16;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

interface Figure {
  site: 'wishcast' | 'wordpress';
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

async function measure(site: Figure['site'], base: string, path: (q: string) => string, queries: () => string) {
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections: CONNECTIONS,
      duration,
      timeout: 60,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: path(queries()) }) }],
    });
  await run(2);
  const result = await run(DURATION_S);
  return {
    site,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  } satisfies Figure;
}

async function main() {
  if (!(await fetch(`${WP_URL}/`).catch(() => null))?.ok) {
    console.error(`No WordPress answers at ${WP_URL}: start the peer with bash ../shared/peers/wordpress/setup.sh`);
    process.exit(1);
  }
  buildIfStale();
  // One date for both sites, fixed for the day, so WordPress is loaded once a day at most.
  const today = new Date(new Date().toISOString().slice(0, 10));
  const scratch = mkdtempSync(join(tmpdir(), 'wishcast-wp-search-'));
  const file = join(scratch, 'posts.json');
  writeFileSync(file, JSON.stringify(benchPosts(random(15), today, 5000)));
  execFileSync('php', ['bench/wordpress/search-posts.php', WP_URL, file], { stdio: 'inherit' });
  rmSync(scratch, { recursive: true, force: true });

  const { target, env, cleanup } = await createBenchDatabase('wishcast-wp-search-bench');
  const db = createDb({ databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR ?? '' });
  try {
    await migrateToLatest(db);
    await seedSearchBenchmark(db, today);
    await sql`vacuum analyze`.execute(db);
  } finally {
    await db.destroy();
  }
  const server = await startServer(env);
  // Each site gets its own never-asked queries, from the same mix of forms.
  const unseen = [...new Set(searchQueries(60_000))];
  const half = Math.floor(unseen.length / 2);
  const streams = { wishcast: unseen.slice(0, half), wordpress: unseen.slice(half) };
  const next = (site: Figure['site']) => {
    let i = 0;
    return () => streams[site][i++ % streams[site].length]!;
  };
  const figures: Figure[] = [];
  try {
    const wishcastQueries = next('wishcast');
    const wordpressQueries = next('wordpress');
    for (let round = 0; round < ROUNDS; round++) {
      figures.push(await measure('wordpress', WP_URL, (q) => `/?${new URLSearchParams({ s: q })}`, wordpressQueries));
      figures.push(
        await measure('wishcast', server.base, (q) => `/search?${new URLSearchParams({ q })}`, wishcastQueries),
      );
    }
  } finally {
    await server.stop();
    await cleanup();
  }
  const median = (site: Figure['site'], key: 'requestsPerSecond' | 'p99Ms') => {
    const values = figures
      .filter((f) => f.site === site)
      .map((f) => f[key])
      .sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  };
  console.log(
    `\nSearches never made before · 5,000 posts · ${CONNECTIONS} connections · ${ROUNDS} × ${DURATION_S} s each · Wishcast on ${target} · ${cpus().length} cores`,
  );
  console.table(
    figures.map((f) => ({
      site: f.site,
      'req/s': Number(f.requestsPerSecond.toFixed(1)),
      'p50 ms': f.p50Ms,
      'p99 ms': f.p99Ms,
      failures: f.failures,
    })),
  );
  const ratios = {
    throughput: median('wishcast', 'requestsPerSecond') / median('wordpress', 'requestsPerSecond'),
    p99: median('wishcast', 'p99Ms') / median('wordpress', 'p99Ms'),
  };
  console.log(
    `Wishcast ÷ WordPress: ${ratios.throughput.toFixed(1)}× the searches per second, p99 ${ratios.p99.toFixed(2)}× WordPress's`,
  );
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    `bench/results/search-wordpress-${target}.json`,
    JSON.stringify({ date: new Date().toISOString(), target, connections: CONNECTIONS, figures, ratios }, null, 2) +
      '\n',
  );
}

await main();
