// npm run dev: prepare the database, then run Astro's dev server in the foreground.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { configOrExit, exitOnKnownError } from './cli.ts';
import { prepareDatabase } from './prepare-database.ts';

const config = configOrExit();
try {
  await prepareDatabase(config, { seed: true });
} catch (error) {
  exitOnKnownError(error);
}
const child = spawn(
  process.execPath,
  [resolve('node_modules/astro/bin/astro.mjs'), 'dev', '--host', config.host, '--port', String(config.port)],
  { stdio: 'inherit', env: { ...process.env, ASTRO_DEV_BACKGROUND: '0' } },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
