// A local S3-compatible server for tests: s3rver (from npm) in a child process,
// on loopback, its objects in a temporary directory, with one empty bucket.
// Requests must be signed with its fixed keys (S3RVER / S3RVER).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './server.ts';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** The settings that point Wishcast at this bucket. */
  env: Record<string, string>;
  stop: () => Promise<void>;
}

export async function startTestS3(bucket = 'wishcast-media'): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 'wishcast-s3-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      resolve('node_modules/s3rver/bin/s3rver.js'),
      ...['--directory', dir, '--address', '127.0.0.1', '--port', String(port), '--silent'],
      ...['--configure-bucket', bucket],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let waited = 0; !/S3rver listening/.test(log); waited += 50) {
    if (child.exitCode !== null || waited > 20_000) {
      await stop();
      throw new Error(`s3rver did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    endpoint,
    bucket,
    env: {
      MEDIA_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    stop,
  };
}
