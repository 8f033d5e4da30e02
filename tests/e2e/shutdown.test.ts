// Stopping the server (SIGTERM, as systemd or a container runtime does on a
// restart): requests under way finish with their real answer, new connections
// are refused, and only then is the database closed and the process ended —
// also after the work of a request whose client has gone away.
import { request as httpRequest } from 'node:http';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { dbTargets } from '../helpers/db.ts';
import { createTestSite, postForm, startServer, type RunningServer, type TestSite } from '../helpers/server.ts';
import { slowPost } from '../helpers/slow-post.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';

/** Waits until `done()` holds (checked every 50 ms); after 20 s fails, saying what never happened. */
async function until(done: () => boolean | Promise<boolean>, never: () => string): Promise<void> {
  for (let waited = 0; !(await done()); waited += 50) {
    if (waited > 20_000) throw new Error(never());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The server says when it has the signal (a busy machine may take a while to run its handler). */
const saysStopping = (server: RunningServer) =>
  until(
    () => /stopping: no new connections/.test(server.output()),
    () => `no sign of stopping:\n${server.output()}`,
  );

const exitOf = (server: RunningServer) =>
  new Promise<number | null>((resolve) => {
    if (server.process.exitCode !== null) resolve(server.process.exitCode);
    else server.process.once('exit', (code) => resolve(code));
  });

describe.each(dbTargets)('stopping the server on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  afterEach(async () => {
    await server?.stop();
    await site?.cleanup();
  });

  // Generous: PGlite's start and three password hashes share two cores with the other test files.
  it(
    'finishes the requests under way before closing the database, and refuses new ones',
    { timeout: 120_000 },
    async () => {
      site = await createTestSite(target);
      server = await startServer(site);
      expect((await fetch(server.url + '/')).status).toBe(200);

      const posts = ['one', 'two', 'three'].map((name) =>
        slowPost(`${server.url}/signup?_action=auth.signUp`, {
          name: `Leaving ${name}`,
          email: `leaving-${name}@example.test`,
          password: 'a long enough passphrase',
        }),
      );
      // The server has the requests (their headers are in, half their bodies), not the rest of them.
      await Promise.all(posts.map((p) => p.taken));
      await new Promise((r) => setTimeout(r, 100));
      const exited = exitOf(server);
      server.process.kill('SIGTERM');
      await saysStopping(server);

      // Still running for the requests under way, but taking no new connections.
      expect(server.process.exitCode).toBeNull();
      await expect(fetch(server.url + '/')).rejects.toThrow();

      for (const post of posts) post.finish();
      const answers = await Promise.all(posts.map((p) => p.answer));
      for (const answer of answers) {
        expect(answer.status, answer.text.slice(0, 500)).toBe(303);
        // Answered while stopping: each answer ends its connection, so keep-alive clients go elsewhere.
        expect(answer.connection).toBe('close');
      }
      expect(await exited).toBe(0);
      expect(server.output()).not.toMatch(
        /driver has already been destroyed|Connection terminated|\[ERROR\]|"level":50/,
      );

      // What they did was saved (read with the server gone: PGlite allows one process at a time).
      const db = site.openDb();
      try {
        const saved = await db
          .selectFrom('users')
          .select('email')
          .where('email', 'like', 'leaving-%@example.test')
          .orderBy('email')
          .execute();
        expect(saved.map((u) => u.email)).toEqual([
          'leaving-one@example.test',
          'leaving-three@example.test',
          'leaving-two@example.test',
        ]);
      } finally {
        await db.destroy();
      }
    },
  );

  it(
    'lets a background job finish its run (a mail half-delivered) before closing the database',
    { timeout: 120_000 },
    async () => {
      let smtp: TestSmtp | null = null;
      try {
        smtp = await startTestSmtp();
        // The relay takes its time to accept the message: the mail job is mid-run when the signal comes.
        smtp.delayMs = 1500;
        site = await createTestSite(target);
        server = await startServer(site, { SMTP_URL: smtp.url, MAIL_FROM: 'Wishcast Test <hello@wishcast.test>' });
        const signedUp = await postForm(server.url, '/signup?_action=auth.signUp', {
          name: 'Patient',
          email: 'patient@example.test',
          password: 'a long enough passphrase',
        });
        expect(signedUp.status).toBe(303);
        const relay = smtp;
        await until(
          () => relay.attempts > 0,
          () => `the mail job never sent:\n${server.output()}`,
        );
        const exited = exitOf(server);
        server.process.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(smtp.messages.map((m) => m.to)).toEqual(['patient@example.test']);
        expect(server.output()).not.toMatch(
          /driver has already been destroyed|Connection terminated|\[ERROR\]|"level":50/,
        );
        // The run recorded its delivery: the mail is not sent again after the restart.
        const db = site.openDb();
        try {
          const mails = await db.selectFrom('outbox').select(['recipient', 'status']).execute();
          expect(mails).toEqual([{ recipient: 'patient@example.test', status: 'sent' }]);
        } finally {
          await db.destroy();
        }
      } finally {
        await smtp?.stop();
      }
    },
  );

  // A lock held from a second connection keeps the request's work waiting in the database: PostgreSQL only.
  it.skipIf(target === 'pglite')(
    'closes the database only after the work of a request whose client went away',
    { timeout: 120_000 },
    async () => {
      site = await createTestSite(target);
      server = await startServer(site);
      const watcher = site.openDb();
      const release = Promise.withResolvers<void>();
      const locked = Promise.withResolvers<void>();
      // Reading posts waits for this lock, so the search is surely in the middle of its work,
      // with more queries to make once the lock is gone.
      const holding = watcher.transaction().execute(async (trx) => {
        await sql`lock table posts in access exclusive mode`.execute(trx);
        locked.resolve();
        await release.promise;
      });
      try {
        await locked.promise;
        const search = httpRequest(`${server.url}/search?q=lanterns`);
        search.on('error', () => undefined);
        search.end();
        await until(
          async () => {
            const { rows } = await sql<{ n: number }>`
              select count(*)::int as n from pg_stat_activity
              where wait_event_type = 'Lock' and datname = current_database()`.execute(watcher);
            return rows[0]!.n > 0;
          },
          () => `the search never reached the database:\n${server.output()}`,
        );
        // The reader closes the tab; the server is told to stop; its connections are all gone.
        search.destroy();
        const exited = exitOf(server);
        server.process.kill('SIGTERM');
        await saysStopping(server);
        // Time enough for a server that did not wait to have closed the database under the search.
        await new Promise((r) => setTimeout(r, 500));
        expect(server.process.exitCode).toBeNull();
        release.resolve();
        await holding;
        expect(await exited).toBe(0);
        expect(server.output()).not.toMatch(
          /driver has already been destroyed|Connection terminated|\[ERROR\]|"level":50/,
        );
      } finally {
        release.resolve();
        await holding.catch(() => undefined);
        await watcher.destroy();
      }
    },
  );
});
