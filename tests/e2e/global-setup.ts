// Builds the server once for the e2e suite, and says plainly when browser tests will be skipped.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromiumPath } from '../helpers/browser.ts';

export default function setup(): void {
  if (!chromiumPath()) {
    console.warn(
      '\n[e2e] Chromium not found at /usr/bin/chromium (or CHROMIUM_PATH): browser tests are SKIPPED. ' +
        'Install it with `apt-get install -y chromium` to run them.\n',
    );
  }
  if (process.env.E2E_SKIP_BUILD === '1') return;
  const result = spawnSync(process.execPath, [resolve('node_modules/astro/bin/astro.mjs'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('astro build failed');
}
