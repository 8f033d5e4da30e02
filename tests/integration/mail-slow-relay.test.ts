// A relay that takes its time (2 s a mail here, 15 s in the field) and a claim
// shorter than a batch (3 s): two server processes share the outbox, the one
// sending is stopped cleanly mid-batch, and every mail arrives exactly once,
// none left claimed behind. Without the renewed claim the idle process takes the
// sender's mail over and sends it again; without the release on stop, the mail
// not yet started would wait for its claim to run out.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMail } from '../../src/lib/mail/outbox-repo.ts';
import { createSmtpTransport } from '../../src/lib/mail/transport.ts';
import { drainDueMail } from '../../src/lib/mail/worker.ts';
import { openTestDb, type TestDatabase } from '../helpers/db.ts';
import { TEST_FROM, testMail } from '../helpers/mail.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';

const COUNT = 30;

describe.skipIf(!process.env.TEST_DATABASE_URL)('mail through a slow relay on postgres', () => {
  let t: TestDatabase;
  let smtp: TestSmtp;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    t = await openTestDb('postgres');
    smtp = await startTestSmtp({ parse: false });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await smtp?.stop();
    await t?.drop();
  });

  /** A process running the server's background jobs; resolves once it has started. */
  async function startProcess(name: string) {
    const child = spawn(process.execPath, [resolve('tests/helpers/mail-jobs-child.ts')], {
      env: {
        ...process.env,
        DATABASE_URL: t.url!,
        SMTP_URL: smtp.url,
        MAIL_CLAIM_SECONDS: '3',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    const said = (line: string) =>
      new Promise<void>((done, fail) => {
        const check = () => output.includes(line) && done();
        child.stdout!.on('data', check);
        child.once('exit', (code) =>
          output.includes(line) ? done() : fail(new Error(`${name} exited ${code}: ${output}`)),
        );
      });
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    await said('started');
    return {
      async stop() {
        const stopped = said('stopped');
        child.kill('SIGTERM');
        await stopped;
      },
    };
  }

  it('delivers every mail once when the processes are stopped mid-batch', async () => {
    smtp.delayMs = 2000;
    const processes = await Promise.all([startProcess('first'), startProcess('second')]);
    await enqueueMail(
      t.db,
      Array.from({ length: COUNT }, (_, i) => testMail(i)),
    );
    // One process claims every mail in one batch (5 at a time to the relay: 12 s, well past its 3 s claim);
    // the other polls every 2 s meanwhile and finds nothing to take while those claims are renewed.
    await smtp.waitFor(20, 25_000);
    // Mid-batch: 5 at the relay (finished and marked before it exits), the rest not started (given back,
    // and perhaps taken up by the other process before it too is stopped).
    for (const p of processes) await p.stop();
    const left = await t.db.selectFrom('outbox').select(['status']).execute();
    expect(left.filter((r) => r.status === 'sending')).toEqual([]); // nothing left claimed by a stopped process

    // Whatever is left is due at once (no claim to run out): one more worker finishes it now.
    smtp.delayMs = 0;
    const transport = createSmtpTransport(smtp.url);
    try {
      await drainDueMail(t.db, transport, () => new Date(), { from: TEST_FROM, log: () => {} });
    } finally {
      transport.close();
    }
    const rows = await t.db.selectFrom('outbox').select(['message_id', 'status']).execute();
    expect(rows.map((r) => r.status)).toEqual(Array(COUNT).fill('sent'));
    const received = smtp.messages.map((m) => m.messageId).sort();
    expect(received).toEqual(rows.map((r) => r.message_id).sort()); // each exactly once
  }, 40_000);
});
