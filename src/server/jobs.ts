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
  const jobs: Cron[] = [
    boardJob,
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
