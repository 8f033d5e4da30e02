// Small helpers the benchmark shares with nothing else (it must not import test code).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

export async function createPostgresDatabaseOn(serverUrl: string, prefix: string) {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = () =>
    new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }),
    });
  const db = admin();
  try {
    await sql`create database ${sql.id(name)}`.execute(db);
  } finally {
    await db.destroy();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const dropper = admin();
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(dropper);
      } finally {
        await dropper.destroy();
      }
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function postForm(base: string, path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(new URL(path, base), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: base,
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });
}

export function cookieFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

/**
 * A fresh database for a bench run: PostgreSQL when DATABASE_URL or
 * TEST_DATABASE_URL names a server, else PGlite in a temporary directory. `env`
 * is what the server needs to open it.
 */
export async function createBenchDatabase(name: string): Promise<{
  target: 'postgres' | 'pglite';
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}> {
  const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;
  if (serverUrl) {
    const created = await createPostgresDatabaseOn(serverUrl, name.replaceAll('-', '_'));
    return { target: 'postgres', env: { DATABASE_URL: created.url }, cleanup: created.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  return {
    target: 'pglite',
    env: { DATA_DIR: dir },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The server as `npm run serve` starts it (package.json): the same node flags and
 * environment prefix (e.g. MALLOC_ARENA_MAX), so memory and speed are measured
 * as people run it.
 */
function serveCommand(): { flags: string[]; env: Record<string, string> } {
  const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = pkg.scripts.serve!.split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0]?.includes('=')) {
    const [name, value] = words.shift()!.split('=') as [string, string];
    env[name] = value;
  }
  // `exec node …`: the shell hands its process to node, so signals reach the server.
  if (words[0] === 'exec') words.shift();
  if (words.shift() !== 'node' || words.at(-1) !== 'scripts/serve.ts') {
    throw new Error(`unexpected "serve" script: ${pkg.scripts.serve}`);
  }
  return { flags: words.slice(0, -1), env };
}

export interface BenchServer {
  base: string;
  process: ChildProcess;
  /** SIGTERM, then waits for the process to end. */
  stop: () => Promise<void>;
}

/**
 * The built server on a free loopback port, started as `npm run serve` starts it,
 * with `env` on top (the database, settings); resolves once /healthz answers.
 */
export async function startServer(env: Record<string, string>, extraFlags: string[] = []): Promise<BenchServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serve = serveCommand();
  const child = spawn(process.execPath, [...serve.flags, ...extraFlags, resolve('scripts/serve.ts')], {
    env: {
      ...process.env,
      ...serve.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      SITE_URL: base,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 200; i++) {
    if ((await fetch(`${base}/healthz`).catch(() => null))?.ok) return { base, process: child, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error('the server did not become healthy');
}
