// Starts the built server (scripts/serve.ts over dist/) as a real process on a free
// port, on a fresh database: PGlite in a temporary directory, or a new
// PostgreSQL database when the target is postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrateToLatest } from '../../db/migrator.ts';
import { createDb } from '../../src/lib/db.ts';
import { createPostgresDatabase, type DbTarget } from './db.ts';

export interface RunningServer {
  url: string;
  target: DbTarget;
  /** Environment the server runs with, to start a second process on the same database. */
  env: Record<string, string>;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export interface TestSite {
  target: DbTarget;
  env: Record<string, string>;
  /** Opens the site's database in this process (PGlite: only while no server runs). */
  openDb: () => ReturnType<typeof createDb>;
  cleanup: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A fresh, migrated database for a site under test. */
export async function createTestSite(target: DbTarget, extraEnv: Record<string, string> = {}): Promise<TestSite> {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (target === 'postgres') {
    const created = await createPostgresDatabase();
    env = { DATABASE_URL: created.url };
    cleanup = created.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'wishcast-e2e-'));
    env = { DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  env = { ...env, ...extraEnv };
  const openDb = () => createDb({ databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR ?? '' });
  const db = openDb();
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return { target, env, openDb, cleanup };
}

export async function startServer(
  site: TestSite,
  extraEnv: Record<string, string> = {},
  options: { waitForHealthy?: boolean } = {},
): Promise<RunningServer> {
  const waitForHealthy = options.waitForHealthy ?? true;
  // A test that needs SITE_URL before the server starts (a passkey's origin) picks the port itself.
  const port = extraEnv.PORT ? Number(extraEnv.PORT) : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    HOST: '127.0.0.1',
    PORT: String(port),
    SITE_URL: url,
    ...site.env,
    ...extraEnv,
  };
  if (!site.env.DATABASE_URL && !extraEnv.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, [resolve('scripts/serve.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok || !waitForHealthy) return { url, target: site.target, env, process: child, output: () => log, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`server did not become healthy:\n${log}`);
}

/** Posts a form the way a browser would (same-origin, urlencoded); does not follow redirects. */
export function postForm(
  baseUrl: string,
  path: string,
  fields: Record<string, string> | URLSearchParams,
  options: { cookie?: string; origin?: string } = {},
): Promise<Response> {
  const body = fields instanceof URLSearchParams ? fields : new URLSearchParams(fields);
  return fetch(new URL(path, baseUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: options.origin ?? baseUrl,
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body,
  });
}

/** The cookie header value to send back, from a response's Set-Cookie headers. */
export function cookieFrom(res: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((pair) => pair.split('=', 2) as [string, string]),
  );
  for (const header of res.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, value] = pair!.split('=', 2) as [string, string];
    if (value === '' || /max-age=0/i.test(header)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * Posts a raw body with node:http and resolves with the status as soon as the
 * server answers, even if it stops reading the body (as it does with 413).
 */
export function postRaw(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (error) => {
      // The server may refuse the rest of the body (EPIPE/ECONNRESET) and still answer: wait for it.
      setTimeout(() => reject(error), 1000).unref();
    });
    req.end(body);
  });
}

/**
 * Signs up (which answers "check your inbox" and starts no session, whether or
 * not the email is new) and logs in; resolves with the log-in response.
 */
export async function signUpAndLogIn(
  baseUrl: string,
  fields: { name: string; email: string; password: string },
): Promise<Response> {
  const signup = await postForm(baseUrl, '/signup?_action=auth.signUp', fields);
  if (signup.status !== 303) throw new Error(`sign-up answered ${signup.status}`);
  return postForm(baseUrl, '/login?_action=auth.logIn', { email: fields.email, password: fields.password });
}
