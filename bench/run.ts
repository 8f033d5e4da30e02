// npm run bench: seeds a database through the service layer, starts the built
// server on it, and measures reader pages with autocannon against a bare
// node:http server serving the same bytes in the same run.
// PostgreSQL when DATABASE_URL or TEST_DATABASE_URL is set, else PGlite.
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { migrateToLatest } from '../db/migrator.ts';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import { createDb } from '../src/lib/db.ts';
import { cookieFrom, createPostgresDatabaseOn, freePort, postForm } from './support.ts';
import { BENCH_PASSWORD, seedBenchmark } from './seed.ts';

const CONNECTIONS = 16;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = 3;

interface Figure {
  name: string;
  path: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  bytes: number;
  scripts: number;
}

async function load(url: string, headers: Record<string, string> = {}) {
  const run = (duration: number) =>
    autocannon({ url, connections: CONNECTIONS, duration, headers, pipelining: 1 }) as Promise<autocannon.Result>;
  await run(WARMUP_S);
  return run(DURATION_S);
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function medianLatency(url: string, headers: Record<string, string>, n = 15): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (i >= 3) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main() {
  buildIfStale();
  const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (serverUrl) {
    const created = await createPostgresDatabaseOn(serverUrl, 'wishcast_bench');
    env = { DATABASE_URL: created.url };
    cleanup = created.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'wishcast-bench-'));
    env = { DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const target = serverUrl ? 'postgres' : 'pglite';
  console.log(`Seeding (${target}) through the service layer…`);
  const db = createDb({ databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR ?? '' });
  let seed;
  try {
    await migrateToLatest(db);
    seed = await seedBenchmark(db, new Date());
  } finally {
    await db.destroy();
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [resolve('scripts/serve.ts')], {
    env: {
      ...process.env,
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      SITE_URL: base,
      RATE_LIMIT_FACTOR: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const bare = { port: await freePort(), process: null as ReturnType<typeof fork> | null };
  try {
    for (let i = 0; i < 100; i++) {
      if ((await fetch(`${base}/healthz`).catch(() => null))?.ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const logIn = async (email: string) => {
      const login = await postForm(base, '/login?_action=auth.logIn', { email, password: BENCH_PASSWORD });
      const cookie = cookieFrom(login);
      if (!cookie) throw new Error(`could not log in as ${email} (${login.status})`);
      return { cookie };
    };
    const signedIn = await logIn(seed.readerEmail);
    const writer = await logIn(seed.writerEmail);

    const post200 = `/posts/${seed.post200}`;
    const post2000 = `/posts/${seed.post2000}`;
    const page = async (path: string, headers: Record<string, string> = {}) => {
      const html = await (await fetch(base + path, { headers })).text();
      return { bytes: Buffer.byteLength(html), scripts: (html.match(/<script\b/gi) ?? []).length, html };
    };

    const captured = await page(post200);
    const file = join(mkdtempSync(join(tmpdir(), 'wishcast-bare-')), 'page.html');
    writeFileSync(file, captured.html);
    bare.process = fork(resolve('bench/bare-server.ts'), [file, String(bare.port)], { stdio: 'ignore' });
    await new Promise((r) => bare.process!.once('message', r));

    const targets: [string, string, string, Record<string, string>][] = [
      ['bare node:http, same bytes', `http://127.0.0.1:${bare.port}`, '/', {}],
      ['home page, anonymous', base, '/', {}],
      ['200-comment post, anonymous', base, post200, {}],
      ['200-comment post, signed-in reader', base, post200, signedIn],
      ['200-comment post, reader who wrote in it', base, post200, writer],
      ['wish board, anonymous', base, '/wishes', {}],
    ];
    const figures: Figure[] = [];
    for (const [name, origin, path, headers] of targets) {
      process.stdout.write(`Measuring ${name}… `);
      const result = await load(origin + path, headers);
      const shape = origin === base ? await page(path, headers) : { bytes: captured.bytes, scripts: captured.scripts };
      figures.push({
        name,
        path,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        bytes: shape.bytes,
        scripts: shape.scripts,
      });
      console.log(`${Math.round(result.requests.average)} req/s`);
    }

    // The writer's page is rendered for them on every request: the uncached cost.
    const render200 = await medianLatency(base + post200, writer);
    const render2000 = await medianLatency(base + post2000, writer);
    const page2000 = await page(post2000);
    const peak = peakRssMb(server.pid!);
    const bareRps = figures[0]!.requestsPerSecond;

    console.log(
      `\nWishcast benchmark · ${target} · ${CONNECTIONS} connections · ${DURATION_S} s after ${WARMUP_S} s warm-up`,
    );
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
    );
    const rows = figures.map((f) => ({
      page: f.name,
      'req/s': f.requestsPerSecond,
      'vs bare': `${((f.requestsPerSecond / bareRps) * 100).toFixed(0)} %`,
      'p50 ms': f.p50Ms,
      'p99 ms': f.p99Ms,
      'errors/non-2xx': `${f.errors}/${f.non2xx}`,
      'HTML KB': (f.bytes / 1024).toFixed(1),
      scripts: f.scripts,
    }));
    console.table(rows);
    console.log(`server peak memory (VmHWM): ${peak} MB`);
    console.log(
      `render time, rendered per request (reader who wrote in the thread): 200 comments ${render200.toFixed(1)} ms, 2,000 comments ${render2000.toFixed(1)} ms → ratio ${(render2000 / render200).toFixed(1)}× (target ≤ 11×)`,
    );
    console.log(`2,000-comment post: ${(page2000.bytes / 1024).toFixed(0)} KB of HTML`);

    const results = {
      date: new Date().toISOString(),
      target,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      figures: figures.map((f) => ({ ...f, ratioToBare: +(f.requestsPerSecond / bareRps).toFixed(3) })),
      serverPeakRssMb: peak,
      renderMs: {
        comments200: +render200.toFixed(2),
        comments2000: +render2000.toFixed(2),
        ratio: +(render2000 / render200).toFixed(2),
      },
      post2000Bytes: page2000.bytes,
    };
    mkdirSync('bench/results', { recursive: true });
    const out = `bench/results/${results.date.slice(0, 19).replace(/[:T]/g, '-')}-${target}.json`;
    writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
    writeFileSync(`bench/results/latest-${target}.json`, JSON.stringify(results, null, 2) + '\n');
    console.log(`\nwrote ${out}`);
  } finally {
    bare.process?.kill();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await cleanup();
  }
}

await main();
