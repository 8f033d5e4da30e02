// npm start: build if the build is missing or older than the sources, migrate,
// seed an empty database, then serve on HOST:PORT.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configOrExit, exitOnKnownError } from './cli.ts';
import { prepareDatabase } from './prepare-database.ts';
import { serve } from './serve.ts';

const ENTRY = resolve('dist/server/entry.mjs');
const SOURCES = ['src', 'public', 'db', 'astro.config.mjs', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIfStale(): void {
  const builtAt = existsSync(ENTRY) ? statSync(ENTRY).mtimeMs : 0;
  if (builtAt > Math.max(...SOURCES.map(newestMtime))) return;
  console.log('Building Wishcast (first start or sources changed)…');
  const astro = resolve('node_modules/astro/bin/astro.mjs');
  const result = spawnSync(process.execPath, [astro, 'build'], {
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const config = configOrExit();
buildIfStale();
try {
  await prepareDatabase(config, { seed: true });
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
