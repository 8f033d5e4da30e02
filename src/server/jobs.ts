// Background jobs of the server process, on croner. Jobs only do work that a
// request would otherwise do lazily, so correctness never depends on them, and
// each job is safe to run in several processes at once.
import { Cron } from 'croner';
import { getLogger } from './log.ts';
import type { Config } from '../lib/config.ts';
import type { Db } from '../lib/db.ts';
import { pruneOldPersonalData } from '../lib/privacy/retention.ts';
import { pruneHits } from '../lib/ratelimit/ratelimit.ts';
import { getSettings } from '../lib/settings/settings.ts';
import { boardCronPattern, wishSchedule } from '../lib/schedule/week.ts';
import { ensureCurrentBoard } from '../lib/wishes/boards.ts';
import { sendDueFollowUps } from '../lib/wishes/followups.ts';

/** What the jobs need: the app's handles, without the request side. */
export interface JobContext {
  config: Config;
  db: Db;
  now: () => Date;
}

export function startBackgroundJobs(app: JobContext): () => void {
  // Open the week's board at local midnight of the wish day, and at start-up in case the
  // server was down then. Requests open it too; the unique wish_date makes every call safe.
  const boardJob = new Cron(
    boardCronPattern(app.config.wishWeekday),
    { name: 'wish-board', protect: true, timezone: app.config.siteTimezone, catch: logJobError('wish-board') },
    () => ensureCurrentBoard(app.db, app.now(), wishSchedule(app.config)).then(() => undefined),
  );
  void boardJob.trigger();
  // "How did it go?": every hour and at start-up. Each wish+step is claimed by one
  // insert, so any number of processes may run it at once.
  const followUpJob = new Cron(
    '23 * * * *',
    { name: 'wish-follow-ups', protect: true, catch: logJobError('wish-follow-ups') },
    async () => {
      // sendMail: null until the outbox exists (visitors then see "How did it go?" on their manage page).
      const sent = await sendDueFollowUps(app.db, app.now(), { siteUrl: app.config.siteUrl, sendMail: null });
      if (sent.length > 0) getLogger().info({ job: 'wish-follow-ups', sent: sent.length }, 'follow-ups sent');
    },
  );
  void followUpJob.trigger();
  const jobs: Cron[] = [
    boardJob,
    followUpJob,
    new Cron('17 3 * * *', { name: 'housekeeping', protect: true, catch: logJobError('housekeeping') }, async () => {
      const now = app.now();
      await pruneHits(app.db, now);
      await app.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
      // IPs and visitors' emails past the retention setting (default 90 days).
      const pruned = await pruneOldPersonalData(app.db, now, await getSettings(app.db));
      getLogger().info({ job: 'housekeeping', ...pruned }, 'old personal data pruned');
    }),
  ];
  return () => {
    for (const job of jobs) job.stop();
  };
}

function logJobError(name: string) {
  return (error: unknown) => getLogger().error({ err: error, job: name }, 'job failed');
}
