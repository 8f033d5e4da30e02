// Background jobs of the server process, on croner. Jobs only do work that a
// request would otherwise do lazily, so correctness never depends on them, and
// each job is safe to run in several processes at once.
import { pruneAudit } from '../lib/audit/audit.ts';
import { deleteSessionsExpiredBy } from '../lib/auth/sessions-repo.ts';
import { Cron, type CronOptions } from 'croner';
import { getLogger } from './log.ts';
import { outboxMailSink } from './mail-sink.ts';
import { countRuns } from './metrics.ts';
import type { Config } from '../lib/config.ts';
import type { Db } from '../lib/db.ts';
import { announcePostChanges } from '../lib/federation/announce.ts';
import { announceOpenedBoards } from '../lib/federation/board-actor.ts';
import { announceSharedWishes } from '../lib/federation/wish-notes.ts';
import { runFanouts } from '../lib/federation/fanout.ts';
import { pruneUnconfirmedFollowers } from '../lib/mail/followers-admin.ts';
import { pruneExpired } from '../lib/federation/kv-repo.ts';
import type { BlogFederation } from '../lib/federation/federation.ts';
import { mailContextOf } from '../lib/mail/context.ts';
import { mailNewPostsToFollowers } from '../lib/mail/follower-posts.ts';
import { pruneFinishedMail } from '../lib/mail/outbox-repo.ts';
import { sendWeeklyDigest, sendWishDayReminders } from '../lib/mail/scheduled.ts';
import { createSmtpTransport } from '../lib/mail/transport.ts';
import { drainDueMail } from '../lib/mail/worker.ts';
import { pruneOldPersonalData } from '../lib/privacy/retention.ts';
import { pruneHits } from '../lib/ratelimit/repo.ts';
import { getSettings } from '../lib/settings/settings.ts';
import { wishSchedule } from '../lib/schedule/week.ts';
import { withStoredRitual } from '../lib/settings/ritual.ts';
import { ensureCurrentBoard } from '../lib/wishes/board/boards.ts';
import { sendDueFollowUps } from '../lib/wishes/loop/followups.ts';

/** What the jobs need: the app's handles, without the request side. */
export interface JobContext {
  config: Config;
  db: Db;
  now: () => Date;
  /** When given, this process also works the fediverse queue (deliveries, inbox work) until stopped. */
  federation?: BlogFederation;
}

/** How often each process looks for due mail. */
const MAIL_POLL_SECONDS = 2;
/**
 * At most this many batches (of 50) per run: 150 mails a second per process. A
 * 10,000-subscriber reminder then takes about a minute, and readers keep most
 * of the machine meanwhile (bench/mail.ts measures both).
 */
const MAIL_BATCHES_PER_RUN = 6;

/** How often each process looks for posts to announce on the fediverse. */
const ANNOUNCE_POLL_SECONDS = 10;

/** Connections to the relay per process, and so mails in flight at once. */
const MAIL_CONNECTIONS = 5;

/** How long stopping waits for a job that is running to finish its run. */
const JOB_FINISH_MS = 5000;
/**
 * How long stopping waits for mails already handed to the relay (the transport's
 * socket timeout): each is then marked sent, so no other process sends it again.
 */
const MAIL_FINISH_MS = 30_000;

/** Starts the jobs; the function returned stops them and resolves once none is running (or after JOB_FINISH_MS). */
export function startBackgroundJobs(app: JobContext): () => Promise<void> {
  // The wish day, opening hour and time zone are the author's (Settings), read on every run, so a
  // change made through any process is followed here too.
  const config = () => withStoredRitual(app.db, app.config);
  // Open the week's board at its opening hour (any whole hour of the wish day: checked hourly), and
  // at start-up in case the server was down then. Requests open it too; the unique wish_date makes
  // every call safe.
  const boardJob = countedCron(
    '0 * * * *',
    { name: 'wish-board', protect: true, catch: logJobError('wish-board') },
    async () => void (await ensureCurrentBoard(app.db, app.now(), wishSchedule(await config()))),
  );
  void boardJob.trigger();
  // Mail: every process delivers from the shared outbox (rows are claimed, never sent twice);
  // without SMTP_URL each mail is kept for /admin/mail instead.
  // The claims are renewed while a batch is sending, and a stop gives back the mail not yet started.
  const transport = app.config.smtpUrl
    ? createSmtpTransport(app.config.smtpUrl, { maxConnections: MAIL_CONNECTIONS })
    : null;
  const mailStop = new AbortController();
  const mailJob = countedCron(
    `*/${MAIL_POLL_SECONDS} * * * * *`,
    { name: 'mail', protect: true, catch: logJobError('mail') },
    async () => {
      const log = (line: string) => getLogger().info({ job: 'mail' }, line);
      const report = await drainDueMail(app.db, transport, app.now, {
        from: app.config.mailFrom,
        context: mailContextOf(await config()),
        log,
        maxBatches: MAIL_BATCHES_PER_RUN,
        leaseSeconds: app.config.mailClaimSeconds,
        concurrency: MAIL_CONNECTIONS,
        clock: app.now,
        signal: mailStop.signal,
      });
      if (report.sent + report.retried + report.failed + report.released > 0)
        getLogger().info({ job: 'mail', ...report }, 'mail delivered');
    },
  );
  // The wish-day reminder and the digest check every quarter hour; a row per board makes each go out once.
  const weeklyMailJob = countedCron(
    '*/15 * * * *',
    { name: 'weekly-mail', protect: true, catch: logJobError('weekly-mail') },
    async () => {
      const ritualConfig = await config();
      const reminder = await sendWishDayReminders(app.db, app.now(), ritualConfig);
      if (reminder.sent) getLogger().info({ job: 'weekly-mail', ...reminder }, 'wish-day reminder queued');
      const digest = await sendWeeklyDigest(app.db, app.now(), ritualConfig);
      if (digest.sent) getLogger().info({ job: 'weekly-mail', ...digest }, 'weekly digest queued');
    },
  );
  void weeklyMailJob.trigger();
  // "How did it go?": every hour and at start-up. Each wish+step is claimed by one
  // insert, so any number of processes may run it at once.
  const followUpJob = countedCron(
    '23 * * * *',
    { name: 'wish-follow-ups', protect: true, catch: logJobError('wish-follow-ups') },
    async () => {
      const sent = await sendDueFollowUps(app.db, app.now(), {
        siteUrl: app.config.siteUrl,
        sendMail: outboxMailSink(await config()),
      });
      if (sent.length > 0) getLogger().info({ job: 'wish-follow-ups', sent: sent.length }, 'follow-ups sent');
    },
  );
  void followUpJob.trigger();
  // Every process listens: messages are claimed in the database, never taken twice.
  const federationQueue = new AbortController();
  const federationListening = app.federation
    ?.startQueue(undefined, { signal: federationQueue.signal })
    .catch(logJobError('fediverse-queue'));
  // New, newly due, edited and deleted posts go to the fediverse's followers, and each opened board to @wishes's;
  // a row per post or board makes each go once.
  const federation = app.federation;
  // Activities for followers are walked a page of inboxes at a time into the delivery queue (lib/federation/fanout.ts);
  // a row per activity, claimed with a lease, so any process may take it and a restart resumes it.
  const fanoutJob = federation
    ? new Cron(
        `*/${ANNOUNCE_POLL_SECONDS} * * * * *`,
        { name: 'fediverse-fanout', protect: true, catch: logJobError('fediverse-fanout') },
        async () => {
          const queued = await runFanouts(federation, app.db, app.now, app.config.siteUrl);
          if (queued > 0) getLogger().info({ job: 'fediverse-fanout', queued }, 'deliveries queued for followers');
        },
      )
    : null;
  const announceJob = federation
    ? countedCron(
        `*/${ANNOUNCE_POLL_SECONDS} * * * * *`,
        { name: 'fediverse-announce', protect: true, catch: logJobError('fediverse-announce') },
        async () => {
          const sent = await announcePostChanges(federation, app.db, app.now(), app.config.siteUrl);
          if (sent.created + sent.updated + sent.deleted > 0)
            getLogger().info({ job: 'fediverse-announce', ...sent }, 'posts sent to the fediverse');
          // A board opened: @wishes's followers hear of it.
          const boards = await announceOpenedBoards(federation, app.db, app.now(), app.config.siteUrl);
          if (boards > 0)
            getLogger().info({ job: 'fediverse-announce', boards }, 'board openings sent to the fediverse');
          // A shared wish was published: @wishes posts it.
          const wishes = await announceSharedWishes(federation, app.db, app.now(), app.config.siteUrl);
          if (wishes > 0)
            getLogger().info({ job: 'fediverse-announce', wishes }, 'shared wishes sent to the fediverse');
          // What was queued for followers goes out now rather than at the fan-out job's next look.
          if (sent.created + sent.updated + sent.deleted + boards + wishes > 0) void fanoutJob?.trigger();
        },
      )
    : null;
  // A post that became visible (published, or come due) goes to followers by email; a row per post makes it go once.
  const followerPostsJob = countedCron(
    `*/${ANNOUNCE_POLL_SECONDS} * * * * *`,
    { name: 'follower-posts', protect: true, catch: logJobError('follower-posts') },
    async () => {
      const report = await mailNewPostsToFollowers(app.db, app.now(), mailContextOf(await config()));
      if (report.posts > 0) getLogger().info({ job: 'follower-posts', ...report }, 'new posts queued for followers');
    },
  );
  const jobs: Cron[] = [
    ...(announceJob ? [announceJob] : []),
    ...(fanoutJob ? [fanoutJob] : []),
    followerPostsJob,
    boardJob,
    mailJob,
    weeklyMailJob,
    followUpJob,
    countedCron('17 3 * * *', { name: 'housekeeping', protect: true, catch: logJobError('housekeeping') }, async () => {
      const now = app.now();
      await pruneHits(app.db, now);
      await deleteSessionsExpiredBy(app.db, now);
      // IPs and visitors' emails past the retention setting (default 90 days).
      const pruned = await pruneOldPersonalData(app.db, now, await getSettings(app.db));
      // Sent, failed and kept mail past MAIL_KEEP_DAYS (default 30).
      const mailPruned = await pruneFinishedMail(app.db, now, app.config.mailRetentionDays);
      // Addresses that asked to follow by email and never confirmed, past FOLLOW_CONFIRM_DAYS (default 14).
      const unconfirmedFollowers = await pruneUnconfirmedFollowers(app.db, now, app.config.unconfirmedFollowerDays);
      getLogger().info(
        { job: 'housekeeping', ...pruned, mailPruned, unconfirmedFollowers },
        'old personal data pruned',
      );
      await pruneExpired(app.db, now);
      // The audit trail is kept a year (lib/audit).
      await pruneAudit(app.db, now);
    }),
  ];
  return async () => {
    for (const job of jobs) job.stop();
    federationQueue.abort();
    mailStop.abort();
    // A run under way finishes (its writes are transactions either way) before the database closes.
    const deadline = Date.now() + JOB_FINISH_MS;
    const mailDeadline = Date.now() + MAIL_FINISH_MS;
    const busy = () =>
      jobs.some((job) => job.isBusy() && (job === mailJob ? Date.now() < mailDeadline : Date.now() < deadline));
    while (busy()) await new Promise((r) => setTimeout(r, 20));
    // A delivery under way ends (or is left to its lease: another process takes it over) before the database closes.
    await Promise.race([federationListening, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
    transport?.close();
  };
}

/** A croner job whose runs are counted for /metrics. */
function countedCron(pattern: string, options: CronOptions & { name: string }, work: () => Promise<void>): Cron {
  return new Cron(pattern, options, countRuns(options.name, work));
}

function logJobError(name: string) {
  return (error: unknown) => getLogger().error({ err: error, job: name }, 'job failed');
}
