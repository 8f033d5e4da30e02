// Many workers, one outbox: each message is delivered once by concurrent
// workers, and a worker killed with SIGKILL mid-burst loses nothing.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/db.ts';
import { enqueueMail } from '../../src/lib/mail/outbox-repo.ts';
import { createSmtpTransport } from '../../src/lib/mail/transport.ts';
import { drainDueMail } from '../../src/lib/mail/worker.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { TEST_FROM, testMail } from '../helpers/mail.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';

const quiet = { from: TEST_FROM, log: () => {}, batch: 25 };

describe.each(dbTargets)('mail workers on %s', (target) => {
  let t: TestDatabase;
  let smtp: TestSmtp;
  beforeAll(async () => {
    t = await openTestDb(target);
    smtp = await startTestSmtp({ parse: false });
  });
  afterAll(async () => {
    await smtp?.stop();
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.deleteFrom('outbox').execute();
    smtp.messages.length = 0;
    smtp.delayMs = 0;
  });

  async function expectEachSentOnce(count: number) {
    const rows = await t.db.selectFrom('outbox').select(['message_id', 'status']).execute();
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(count);
    const received = smtp.messages.map((m) => m.messageId);
    expect(new Set(received).size).toBe(count);
    expect(new Set(received)).toEqual(new Set(rows.map((r) => r.message_id)));
    return received.length;
  }

  it('delivers each message exactly once with two workers on two database handles', async () => {
    const count = 300;
    await enqueueMail(
      t.db,
      Array.from({ length: count }, (_, i) => testMail(i)),
    );
    // On PostgreSQL the second worker has its own pool, as another process would; PGlite is one handle.
    const second: Db = t.url ? createDb({ databaseUrl: t.url, dataDir: '' }) : t.db;
    const transports = [createSmtpTransport(smtp.url), createSmtpTransport(smtp.url)];
    try {
      const now = () => new Date('2026-06-03T08:00:00Z');
      const [a, b] = await Promise.all([
        drainDueMail(t.db, transports[0]!, now, quiet),
        drainDueMail(second, transports[1]!, now, quiet),
      ]);
      expect(a.sent + b.sent).toBe(count);
      if (t.url) expect(Math.min(a.sent, b.sent)).toBeGreaterThan(0); // both really worked
      expect(await expectEachSentOnce(count)).toBe(count);
    } finally {
      for (const tr of transports) tr.close();
      if (second !== t.db) await second.destroy();
    }
  });

  it.skipIf(target !== 'postgres')(
    'loses no message when a worker process is killed with SIGKILL mid-burst',
    async () => {
      const count = 400;
      await enqueueMail(
        t.db,
        Array.from({ length: count }, (_, i) => testMail(i)),
      );
      smtp.delayMs = 5;
      const child = spawn(process.execPath, [resolve('tests/helpers/mail-worker-child.ts')], {
        env: { ...process.env, DATABASE_URL: t.url!, SMTP_URL: smtp.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
      await smtp.waitFor(60, 30_000).catch((e: Error) => {
        throw new Error(`${e.message}; child said: ${output.slice(-500)}`);
      });
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const atKill = smtp.messages.length;
      expect(atKill).toBeLessThan(count); // killed mid-burst
      const inFlight = await t.db.selectFrom('outbox').select('id').where('status', '=', 'sending').execute();

      // Another worker, once the dead one's leases have run out, finishes the job.
      smtp.delayMs = 0;
      const transport = createSmtpTransport(smtp.url);
      try {
        const afterLease = () => new Date(Date.now() + 121_000);
        await drainDueMail(t.db, transport, afterLease, quiet);
      } finally {
        transport.close();
      }
      const rows = await t.db.selectFrom('outbox').select(['message_id', 'status']).execute();
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      const received = new Set(smtp.messages.map((m) => m.messageId));
      expect(rows.filter((r) => !received.has(r.message_id))).toEqual([]);
      // Only a message in flight at the kill can arrive twice, with the same Message-ID.
      const duplicates = smtp.messages.length - received.size;
      expect(duplicates).toBeLessThanOrEqual(inFlight.length);
      console.log(
        `[mail crash] killed after ${atKill} of ${count}; ${inFlight.length} claimed then; ${duplicates} delivered twice`,
      );
    },
    60_000,
  );
});
