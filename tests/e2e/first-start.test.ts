// Starting for real: `npm start` (the README's command) on an empty PostgreSQL
// database, three processes at once as three machines would. They seed once and
// issue one setup link between them; a start told not to migrate refuses an
// unmigrated database in one line; SIGTERM sent to the npm process reaches node,
// which drains the requests under way and exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { delimiter, dirname, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/lib/db.ts';
import { createPostgresDatabase } from '../helpers/db.ts';
import { freePort } from '../helpers/server.ts';
import { slowPost } from '../helpers/slow-post.ts';

interface NpmStart {
  url: string;
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` as an operator runs it, with this repository's Node 24 first on PATH. */
async function npmStart(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<NpmStart> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PATH: [resolve('node_modules/.bin'), dirname(process.execPath), process.env.PATH].join(delimiter),
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    SITE_URL: url,
    ...extraEnv,
  };
  const child = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { url, process: child, output: () => log, exited };
}

async function until(done: () => boolean, never: () => string, ms = 60_000): Promise<void> {
  for (let waited = 0; !done(); waited += 50) {
    if (waited > ms) throw new Error(never());
    await new Promise((r) => setTimeout(r, 50));
  }
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

describe.skipIf(!process.env.TEST_DATABASE_URL)('first starts on PostgreSQL', () => {
  const started: NpmStart[] = [];
  let drop: (() => Promise<void>) | null = null;
  afterAll(async () => {
    for (const start of started) {
      if (start.process.exitCode === null && start.process.signalCode === null) start.process.kill('SIGTERM');
      await Promise.race([start.exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    await drop?.();
  });

  it(
    'seed once and print one setup link from three processes; SIGTERM to npm drains and stops node',
    { timeout: 180_000 },
    async () => {
      const database = await createPostgresDatabase();
      drop = database.drop;

      // A deploy that migrates in its own step: the app refuses an unmigrated database in one line.
      const unmigrated = await npmStart(database.url, { MIGRATE_ON_START: 'false' });
      started.push(unmigrated);
      expect(await unmigrated.exited).toBe(78);
      expect(unmigrated.output()).toMatch(/lacks \d+ migration\(s\).*npm run db:migrate/);

      const starts = await Promise.all([1, 2, 3].map(() => npmStart(database.url)));
      started.push(...starts);
      for (const start of starts) {
        await until(
          () => /Wishcast is running at/.test(start.output()) || start.process.exitCode !== null,
          () => `npm start never came up:\n${start.output()}`,
        );
        expect(start.process.exitCode, start.output()).toBeNull();
      }
      const outputs = starts.map((s) => s.output());
      const all = outputs.join('\n');
      expect(count(all, /Seeded \d+ sample posts/), all).toBe(1);
      expect(count(all, /\/setup\?token=/), all).toBe(1);
      // The others say where the link is, and that it still works (the first one's was not voided).
      expect(count(all, /The setup link was printed at \S+ by the first process to start/), all).toBe(2);

      const db = createDb({ databaseUrl: database.url, dataDir: '' });
      try {
        const posts = await db.selectFrom('posts').select('slug').execute();
        const samples = readdirSync(resolve('content/posts')).filter((name) => name.endsWith('.md'));
        expect(posts).toHaveLength(samples.length);
        const tokens = await db.selectFrom('setup_tokens').select('used_at').execute();
        expect(tokens).toEqual([{ used_at: null }]);
      } finally {
        await db.destroy();
      }

      const [first] = starts as [NpmStart, ...NpmStart[]];
      const link = /(\/setup\?token=[\w-]+)/.exec(all)![1]!;
      expect((await fetch(first.url + link)).status).toBe(200);
      for (const path of ['/livez', '/readyz', '/healthz']) {
        const answer = await fetch(first.url + path);
        expect(answer.status, path).toBe(200);
        expect(answer.headers.get('cache-control'), path).toBe('no-store');
      }

      // SIGTERM to the npm process (what a container runtime or systemd sends to the command it started).
      const post = slowPost(`${first.url}/signup?_action=auth.signUp`, {
        name: 'Last Words',
        email: 'last-words@example.test',
        password: 'a long enough passphrase',
      });
      await post.taken;
      first.process.kill('SIGTERM');
      await until(
        () => /stopping: no new connections/.test(first.output()),
        () => `node never heard the signal:\n${first.output()}`,
        20_000,
      );
      post.finish();
      const answer = await post.answer;
      expect(answer.status, answer.text.slice(0, 300)).toBe(303);
      expect(await first.exited).toBe(0);
      // node is gone with npm: nothing answers on its port any more.
      await expect(fetch(first.url + '/livez')).rejects.toThrow();
      expect(first.output()).not.toMatch(/driver has already been destroyed|Connection terminated|"level":50/);
    },
  );
});
