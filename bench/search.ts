// npm run bench:search: seeds 5,000 posts and 20,000 wishes, starts the built
// server on them, and measures /search with autocannon at 16 connections.
// Three loads: every request a search nobody made before (the page cache cannot
// answer: this is the cost of searching), and a set of 140 searches asked over
// and over (answered from the page cache until something searchable changes,
// as popular searches are).
// PostgreSQL when DATABASE_URL or TEST_DATABASE_URL is set, else PGlite.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { migrateToLatest } from '../db/migrator.ts';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import { createDb } from '../src/lib/db.ts';
import { readSearchRequest } from '../src/lib/search/input.ts';
import { searchSite } from '../src/lib/search/service.ts';
import { searchQueries, seedSearchBenchmark } from './search-seed.ts';
import { createBenchDatabase, startServer } from './support.ts';

const CONNECTIONS = 16;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = 3;
const TARGET_P99_MS = 30;

function load(base: string, paths: () => string, duration: number) {
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration,
    pipelining: 1,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths() }) }],
  });
}

async function main() {
  buildIfStale();
  const { target, env, cleanup } = await createBenchDatabase('wishcast-search-bench');
  const queries = searchQueries(140);
  const db = createDb({ databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR ?? '' });
  let seeded;
  const hits: number[] = [];
  try {
    await migrateToLatest(db);
    const started = performance.now();
    seeded = await seedSearchBenchmark(db, new Date());
    // What autovacuum does soon after a bulk load: statistics for the planner, GIN pending lists merged.
    await sql`vacuum analyze`.execute(db);
    console.log(
      `Seeded ${seeded.posts} posts and ${seeded.wishes} wishes (${target}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const q of queries)
      hits.push((await searchSite(db, readSearchRequest(new URLSearchParams({ q })), new Date())).total);
  } finally {
    await db.destroy();
  }
  const sorted = [...hits].sort((a, b) => a - b);
  const quantile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  console.log(
    `Results per search: median ${quantile(0.5)}, 90th percentile ${quantile(0.9)}, most ${sorted.at(-1)}, none for ${hits.filter((h) => h === 0).length} of ${hits.length}`,
  );

  const server = await startServer(env);
  const { base } = server;
  try {
    let n = 0;
    // Searches nobody made before in this run (41,000 distinct ones, more than a run asks), so none is kept.
    const unseen = [...new Set(searchQueries(60_000))];
    let u = 0;
    const fresh = () => `/search?${new URLSearchParams({ q: unseen[u++ % unseen.length]! })}`;
    const repeated = () => `/search?${new URLSearchParams({ q: queries[n++ % queries.length]! })}`;
    const figures = [];
    for (const [name, paths] of [
      ['searches never made before (41,000 distinct)', fresh],
      ['the same 140 searches again and again', repeated],
    ] as const) {
      await load(base, paths, WARMUP_S);
      const result = await load(base, paths, DURATION_S);
      figures.push({
        name,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
      });
    }
    console.log(
      `\nWishcast search benchmark · ${target} · ${CONNECTIONS} connections · ${DURATION_S} s after ${WARMUP_S} s warm-up`,
    );
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    );
    console.table(
      figures.map((f) => ({
        load: f.name,
        'req/s': f.requestsPerSecond,
        'p50 ms': f.p50Ms,
        'p99 ms': f.p99Ms,
        'errors/non-2xx': `${f.errors}/${f.non2xx}`,
      })),
    );
    const [distinct, popular] = figures as [(typeof figures)[0], (typeof figures)[0]];
    for (const [label, f] of [
      ['searches never made before', distinct],
      ['popular searches, asked again', popular],
    ] as const) {
      console.log(
        `p99 of ${label}: ${f.p99Ms} ms (target ≤ ${TARGET_P99_MS} ms): ${f.p99Ms <= TARGET_P99_MS ? 'met' : 'NOT met'}`,
      );
    }
    const results = {
      date: new Date().toISOString(),
      target,
      seeded,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      resultsPerSearch: { median: quantile(0.5), p90: quantile(0.9), max: sorted.at(-1) },
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      figures,
      targetP99Ms: TARGET_P99_MS,
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(`bench/results/search-latest-${target}.json`, JSON.stringify(results, null, 2) + '\n');
    console.log(`wrote bench/results/search-latest-${target}.json`);
  } finally {
    await server.stop();
    await cleanup();
  }
}

await main();
