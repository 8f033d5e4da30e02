// Background jobs of the server process, on croner. Jobs only do work that a
// request would otherwise do lazily, so correctness never depends on them, and
// each job is safe to run in several processes at once.
import { Cron } from 'croner';
import type { App } from './app.ts';
import { pruneHits } from './ratelimit/ratelimit.ts';

export function startBackgroundJobs(app: App): () => void {
  const jobs: Cron[] = [
    new Cron('17 3 * * *', { name: 'housekeeping', protect: true, catch: logJobError('housekeeping') }, async () => {
      const now = app.now();
      await pruneHits(app.db, now);
      await app.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    }),
  ];
  return () => {
    for (const job of jobs) job.stop();
  };
}

function logJobError(name: string) {
  return (error: unknown) => console.error(`[job ${name}] failed:`, error);
}
