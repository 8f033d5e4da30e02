// The outbox against a real SMTP server on loopback: headers, retries with
// backoff, giving up with the reason kept, leases, and keeping mail without SMTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueMail } from '../../src/lib/mail/outbox-repo.ts';
import { createSmtpTransport, type MailTransport } from '../../src/lib/mail/transport.ts';
import { claimDueMail } from '../../src/lib/mail/outbox-repo.ts';
import { deliverDueMail } from '../../src/lib/mail/worker.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { TEST_FROM, testMail } from '../helpers/mail.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';

const T0 = new Date('2026-06-03T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const quiet = { from: TEST_FROM, log: () => {} };

describe.each(dbTargets)('the outbox on %s', (target) => {
  let t: TestDatabase;
  let smtp: TestSmtp;
  let transport: MailTransport;
  beforeAll(async () => {
    t = await openTestDb(target);
    smtp = await startTestSmtp();
    transport = createSmtpTransport(smtp.url, { maxConnections: 2 });
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.stop();
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.deleteFrom('outbox').execute();
    smtp.messages.length = 0;
    smtp.failWith(null);
    smtp.dropConnections(false);
  });

  const row = (id: number) => t.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const onlyId = async () => (await t.db.selectFrom('outbox').select('id').executeTakeFirstOrThrow()).id;

  it('delivers text and HTML with a stable Message-ID and the one-click unsubscribe headers', async () => {
    const mail = testMail(1);
    await enqueueMail(t.db, mail);
    const report = await deliverDueMail(t.db, transport, T0, quiet);
    expect(report).toMatchObject({ claimed: 1, sent: 1 });
    const [got] = await smtp.waitFor(1);
    expect(got!.messageId).toBe(mail.messageId);
    expect(got!.to).toBe('reader1@example.test');
    expect(got!.from).toBe('wishcast@wishcast.test');
    expect(got!.subject).toBe('Test mail 1');
    expect(got!.rawHeaders.get('list-unsubscribe')).toBe('<http://wishcast.test/unsubscribe?token=t1>');
    expect(got!.rawHeaders.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(got!.text).toContain('This is test mail number 1.');
    expect(got!.text).toContain('http://wishcast.test/posts/p#comment-1');
    expect(got!.html).toContain('href="http://wishcast.test/posts/p#comment-1"');
    expect(got!.html).toContain('Stop these emails');
    expect(got!.html).not.toMatch(/<img|<script/i);
    expect(got!.rawHeaders.get('auto-submitted')).toBe('auto-generated');
    const stored = await row(await onlyId());
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, sent_at: T0, message_id: mail.messageId });
    expect(stored.headers['Message-ID']).toBe(mail.messageId);
    // Nothing is due any more.
    expect((await deliverDueMail(t.db, transport, at(3600), quiet)).claimed).toBe(0);
  });

  it('retries with growing delays while SMTP is down, then delivers with the same Message-ID', async () => {
    const mail = testMail(2);
    await enqueueMail(t.db, mail);
    const id = await onlyId();

    smtp.failWith(451, 'Greylisted, try again');
    expect((await deliverDueMail(t.db, transport, T0, quiet)).retried).toBe(1);
    let stored = await row(id);
    expect(stored).toMatchObject({ status: 'queued', attempts: 1, next_attempt_at: at(60) });
    expect(stored.last_error).toMatch(/^451 /);
    expect((await deliverDueMail(t.db, transport, at(30), quiet)).claimed).toBe(0); // not due yet

    smtp.failWith(421, 'Service shutting down');
    expect((await deliverDueMail(t.db, transport, at(60), quiet)).retried).toBe(1);
    expect(await row(id)).toMatchObject({ attempts: 2, next_attempt_at: at(180) });

    smtp.failWith(null);
    await smtp.down();
    expect((await deliverDueMail(t.db, transport, at(180), quiet)).retried).toBe(1);
    stored = await row(id);
    expect(stored).toMatchObject({ status: 'queued', attempts: 3, next_attempt_at: at(420) });
    expect(stored.last_error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    await smtp.up();

    smtp.dropConnections(true);
    expect((await deliverDueMail(t.db, transport, at(420), quiet)).retried).toBe(1);
    smtp.dropConnections(false);

    expect((await deliverDueMail(t.db, transport, at(900), quiet)).sent).toBe(1);
    const got = await smtp.waitFor(1);
    expect(got).toHaveLength(1);
    expect(got[0]!.messageId).toBe(mail.messageId);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 5, last_error: null });
  });

  it('gives up after the last try, keeping the reason', async () => {
    await enqueueMail(t.db, testMail(3));
    const id = await onlyId();
    smtp.failWith(451, 'Mailbox busy');
    const options = { ...quiet, maxAttempts: 3, backoffSeconds: 10 };
    await deliverDueMail(t.db, transport, at(0), options);
    await deliverDueMail(t.db, transport, at(10), options);
    const report = await deliverDueMail(t.db, transport, at(30), options);
    expect(report).toMatchObject({ claimed: 1, failed: 1 });
    const stored = await row(id);
    expect(stored).toMatchObject({ status: 'failed', attempts: 3 });
    expect(stored.last_error).toBe('451 Mailbox busy');
    expect((await deliverDueMail(t.db, transport, at(86_400), options)).claimed).toBe(0);
  });

  it('gives up at once on a permanent refusal', async () => {
    await enqueueMail(t.db, testMail(4));
    smtp.failWith(550, 'No such user here');
    expect((await deliverDueMail(t.db, transport, T0, quiet)).failed).toBe(1);
    const stored = await row(await onlyId());
    expect(stored).toMatchObject({ status: 'failed', attempts: 1, last_error: '550 No such user here' });
  });

  it('takes back the rows of a worker that claimed them and died, once the lease runs out', async () => {
    await enqueueMail(t.db, [testMail(5), testMail(6)]);
    const claimed = await claimDueMail(t.db, T0, 10, 120); // this "worker" never finishes
    expect(claimed).toHaveLength(2);
    expect((await deliverDueMail(t.db, transport, at(60), quiet)).claimed).toBe(0);
    expect((await deliverDueMail(t.db, transport, at(121), quiet)).sent).toBe(2);
    expect((await smtp.waitFor(2)).map((m) => m.messageId).sort()).toEqual(claimed.map((r) => r.message_id).sort());
  });

  it('keeps mail without SMTP, logging one line per message', async () => {
    await enqueueMail(t.db, [testMail(7), testMail(8)]);
    const lines: string[] = [];
    const report = await deliverDueMail(t.db, null, T0, { log: (l) => lines.push(l) });
    expect(report).toMatchObject({ claimed: 2, kept: 2 });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/not sent \(no SMTP_URL configured\).*"Test mail 7" to reader7@example.test/);
    const statuses = await t.db.selectFrom('outbox').select(['status', 'last_error']).execute();
    expect(statuses).toEqual([
      { status: 'kept', last_error: 'not sent: no SMTP configured' },
      { status: 'kept', last_error: 'not sent: no SMTP configured' },
    ]);
    expect(smtp.messages).toHaveLength(0);
  });

  it('skips a repeated dedupe key', async () => {
    expect(await enqueueMail(t.db, testMail(9, { dedupeKey: 'once' }))).toBe(1);
    expect(await enqueueMail(t.db, testMail(10, { dedupeKey: 'once' }))).toBe(0);
    expect(await t.db.selectFrom('outbox').select('id').execute()).toHaveLength(1);
  });
});
