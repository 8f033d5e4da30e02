// npm start: build if the build is missing or older than the sources, migrate
// (unless MIGRATE_ON_START=false), seed an empty database, then serve on HOST:PORT.
import { buildIfStale } from './build-if-stale.ts';
import { configOrExit, exitOnKnownError } from './cli.ts';
import { prepareDatabase } from './prepare-database.ts';
import { serve } from './serve.ts';

const config = configOrExit();
buildIfStale();
try {
  await prepareDatabase(config, { seed: true, migrate: config.migrateOnStart });
} catch (error) {
  exitOnKnownError(error);
}

await serve({ host: config.host, port: config.port });

// The first request creates the app (database, jobs); make it now, and only
// then announce the address.
const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
for (let attempt = 0; attempt < 100; attempt++) {
  try {
    const res = await fetch(`${base}/healthz`);
    if (res.ok) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 100));
}
console.log(`Wishcast is running at ${base}/ (site URL ${config.siteUrl})`);
