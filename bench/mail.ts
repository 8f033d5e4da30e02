// Mail throughput through the outbox to a local SMTP server (smtp-server on
// loopback), and the wish-day reminder to 10,000 subscribers, start to last
// mail accepted. Prints figures; not a test. Usage:
//   node bench/mail.ts            (PostgreSQL from DATABASE_URL or TEST_DATABASE_URL, else PGlite)
//   MAIL_BENCH_MESSAGES=5000 MAIL_BENCH_SUBSCRIBERS=10000 node bench/mail.ts
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { migrateToLatest } from '../db/migrator.ts';
import { createDb, type Db } from '../src/lib/db.ts';
import { composeMail } from '../src/lib/mail/compose.ts';
import { enqueueMail, type NewMail } from '../src/lib/mail/outbox-repo.ts';
import { mailNewPostsToFollowers } from '../src/lib/mail/follower-posts.ts';
import { sendWishDayReminders } from '../src/lib/mail/scheduled.ts';
import { createSmtpTransport } from '../src/lib/mail/transport.ts';
import { drainDueMail } from '../src/lib/mail/worker.ts';
import { BROWSER, load } from './measure.ts';
import { createPostgresDatabaseOn, startServer } from './support.ts';

const MESSAGES = Number(process.env.MAIL_BENCH_MESSAGES ?? 3000);
const SUBSCRIBERS = Number(process.env.MAIL_BENCH_SUBSCRIBERS ?? 10_000);
const CONNECTIONS = Number(process.env.MAIL_BENCH_CONNECTIONS ?? 5);
const BATCH = Number(process.env.MAIL_BENCH_BATCH ?? 100);
const context = { siteUrl: 'http://wishcast.bench', siteTimezone: 'UTC', moderationBatchMinutes: 15 };
const FROM = 'Wishcast <wishcast@wishcast.bench>';

/** A local SMTP sink that counts what it accepts, by Message-ID. */
async function startSink() {
  const ids = new Set<string>();
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 4096) head += c.toString('utf8');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(.+)$/im.exec(head)?.[1]?.trim();
        if (id) ids.add(id);
        accepted++;
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    ids,
    accepted: () => accepted,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function openDatabase(): Promise<{ db: Db; label: string; drop: () => Promise<void>; url: string | null }> {
  const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const created = await createPostgresDatabaseOn(serverUrl, 'wishcast_mailbench');
    const db = createDb({ databaseUrl: created.url, dataDir: '' });
    await migrateToLatest(db);
    return { db, label: 'PostgreSQL', drop: async () => (await db.destroy(), await created.drop()), url: created.url };
  }
  const db = createDb({ databaseUrl: null, dataDir: 'memory://' });
  await migrateToLatest(db);
  return { db, label: 'PGlite (in memory)', drop: () => db.destroy(), url: null };
}

function benchMail(i: number): NewMail {
  const composed = composeMail(
    context,
    {
      subject: `Ben replied to your comment ${i}`,
      paragraphs: ['Ben replied to your comment on “Ask what you can do first”.'],
      action: { label: 'Read the reply', url: `http://wishcast.bench/posts/ask#comment-${i}` },
      reason: 'You get this because someone replied to your comment.',
    },
    `http://wishcast.bench/unsubscribe?token=t${i}`,
  );
  return { ...composed, to: `reader${i}@example.test`, kind: 'reply' };
}

async function drain(db: Db, smtpUrl: string) {
  const transport = createSmtpTransport(smtpUrl, { maxConnections: CONNECTIONS });
  try {
    return await drainDueMail(db, transport, () => new Date(), { from: FROM, batch: BATCH, log: () => {} });
  } finally {
    transport.close();
  }
}

/**
 * Page serving while the server's own mail job delivers a reminder to every
 * subscriber: readers on the home page, before and during (PostgreSQL only,
 * since a second process cannot open the embedded database).
 */
async function measureServingDuringReminder(db: Db, databaseUrl: string, smtpUrl: string, accepted: () => number) {
  const server = await startServer({
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtpUrl,
    MAIL_FROM: FROM,
  });
  const { base } = server;
  try {
    const quiet = await load(`${base}/`, BROWSER);
    const before = accepted();
    const started = performance.now();
    const run = await sendWishDayReminders(db, new Date('2026-06-10T08:00:00Z'), {
      siteUrl: context.siteUrl,
      siteTimezone: 'UTC',
      wishWeekday: 3,
    });
    const busy = await load(`${base}/`, BROWSER, false);
    while (accepted() - before < run.recipients && performance.now() - started < 300_000) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const share = Math.round((busy.requestsPerSecond / quiet.requestsPerSecond) * 100);
    console.log(
      `serving during the reminder: home page ${quiet.requestsPerSecond} req/s before, ${busy.requestsPerSecond} req/s ` +
        `while the server's job delivered (${share} %, target ≥ 80 %); p99 ${quiet.p99Ms} → ${busy.p99Ms} ms; ` +
        `${accepted() - before} of ${run.recipients} accepted in ${seconds.toFixed(1)} s`,
    );
  } finally {
    await server.stop();
  }
}

async function insertBenchPost(db: Db, slug: string) {
  await sql`
    insert into posts (slug, title, body_md, body_html, excerpt, status, published_at)
    values (${slug}, 'A post for every follower', 'Words.', '<p>Words.</p>', 'Words.', 'published', now())`.execute(db);
}

/** The kernel's record of a process's peak resident memory (VmHWM), in MB. */
async function peakRssMegabytes(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kilobytes = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kilobytes ? Math.round(Number(kilobytes) / 1024) : null;
}

function printNewPost(where: string, recipients: number, accepted: number, seconds: number, peakMb: number | null) {
  console.log(
    `new post to followers by email (${where}): ${accepted} of ${recipients} accepted by SMTP in ${seconds.toFixed(1)} s = ` +
      `${(accepted / seconds).toFixed(0)} mails/s (target ≥ 100); peak RSS ${peakMb ?? '?'} MB (target < 256)`,
  );
}

/** The server's own jobs find the new post, queue a mail per follower and deliver them; the sink counts. */
async function measureNewPostByServer(db: Db, databaseUrl: string, smtpUrl: string, accepted: () => number) {
  const server = await startServer({ DATABASE_URL: databaseUrl, SMTP_URL: smtpUrl, MAIL_FROM: FROM });
  try {
    const before = accepted();
    const started = performance.now();
    await insertBenchPost(db, 'bench-post-served');
    while (accepted() - before < SUBSCRIBERS && performance.now() - started < 600_000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    printNewPost(
      'the server, its own process',
      SUBSCRIBERS,
      accepted() - before,
      seconds,
      await peakRssMegabytes(server.process.pid!),
    );
    console.log(
      '  (includes up to 10 s until the follower-posts job looks, and the 2 s mail poll: the cap is 150 mails/s per process)',
    );
  } finally {
    await server.stop();
  }
}

async function measureNewPostInProcess(db: Db, sink: Awaited<ReturnType<typeof startSink>>) {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const before = sink.accepted();
  const started = performance.now();
  await insertBenchPost(db, 'bench-post');
  const newPost = await mailNewPostsToFollowers(db, new Date(), context);
  await drain(db, sink.url);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  printNewPost(
    'this process, SMTP sink included',
    newPost.recipients,
    sink.accepted() - before,
    seconds,
    Math.round(peakRss / 2 ** 20),
  );
}

const { db, label, drop, url: databaseUrl } = await openDatabase();
const sink = await startSink();
try {
  console.log(
    `mail bench on ${label}; ${cpus().length} cores; ${CONNECTIONS} SMTP connections; batch ${BATCH}; load ${loadavg()[0]!.toFixed(2)}`,
  );

  // 1. Throughput: queued messages to accepted by the SMTP server.
  for (let i = 0; i < MESSAGES; i += 1000) {
    await enqueueMail(
      db,
      Array.from({ length: Math.min(1000, MESSAGES - i) }, (_, k) => benchMail(i + k)),
    );
  }
  let started = performance.now();
  const report = await drain(db, sink.url);
  let seconds = (performance.now() - started) / 1000;
  console.log(
    `throughput: ${report.sent} of ${MESSAGES} sent in ${seconds.toFixed(2)} s = ${(report.sent / seconds).toFixed(0)} msg/s ` +
      `(target ≥ 100); ${sink.ids.size} distinct Message-IDs accepted`,
  );

  // 2. The wish-day reminder to SUBSCRIBERS verified accounts: queue, then deliver.
  await sql`
    insert into users (email, name, password_hash, role, email_verified_at)
    select 'sub' || g || '@example.test', 'Subscriber ' || g, 'not-a-hash', 'reader', now()
    from generate_series(1, ${SUBSCRIBERS}) g`.execute(db);
  const before = sink.accepted();
  const wishDay = new Date('2026-06-03T08:00:00Z'); // a Wednesday, 08:00 UTC
  started = performance.now();
  const run = await sendWishDayReminders(db, wishDay, {
    siteUrl: context.siteUrl,
    siteTimezone: 'UTC',
    wishWeekday: 3,
  });
  const queued = (performance.now() - started) / 1000;
  const delivered = await drain(db, sink.url);
  seconds = (performance.now() - started) / 1000;
  console.log(
    `reminder: ${run.recipients} subscribers queued in ${queued.toFixed(2)} s; ${delivered.sent} delivered, ` +
      `${sink.accepted() - before} accepted by SMTP; total ${seconds.toFixed(1)} s (target < 120 s)`,
  );

  // 3. A new post to SUBSCRIBERS confirmed followers by email (no accounts): queued once per follower with one
  // INSERT … SELECT, delivered through the outbox. On PostgreSQL the real server does it, as a process of its own,
  // and its peak RSS is the kernel's high-water mark; PGlite cannot be shared, so there this process stands for it.
  await sql`
    insert into followers (email, wants_posts, source, created_at, confirmed_at)
    select 'follower' || g || '@example.test', true, 'form', now(), now()
    from generate_series(1, ${SUBSCRIBERS}) g`.execute(db);
  if (databaseUrl) await measureNewPostByServer(db, databaseUrl, sink.url, sink.accepted);
  else await measureNewPostInProcess(db, sink);

  // 4. The same reminder delivered by the server's own job while readers load the home page.
  if (databaseUrl) await measureServingDuringReminder(db, databaseUrl, sink.url, sink.accepted);
} finally {
  await sink.stop();
  await drop();
}
