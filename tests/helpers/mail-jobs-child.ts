// A server process's background jobs without the web side, for the slow-relay
// test: the mail job delivers from DATABASE_URL to SMTP_URL (MAIL_CLAIM_SECONDS
// as configured) and SIGTERM stops the jobs as the server's clean stop does.
// Prints "stopped" once the stop has finished.
import { getConfig } from '../../src/lib/config.ts';
import { createDb } from '../../src/lib/db.ts';
import { startBackgroundJobs } from '../../src/server/jobs.ts';

const config = getConfig();
const db = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const stop = startBackgroundJobs({ config, db, now: () => new Date() });
process.stdout.write('started\n');
process.once('SIGTERM', () => {
  void stop()
    .then(() => db.destroy())
    .then(() => {
      process.stdout.write('stopped\n');
      process.exit(0);
    });
});
