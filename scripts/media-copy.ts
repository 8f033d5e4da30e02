// npm run media:copy: copies the image library under MEDIA_DIR into the bucket
// that MEDIA_STORE=s3 and the S3_* settings name. Keys are the files' hashes,
// so a copy that stops half-way is simply run again (objects already in the
// bucket are skipped) and it is safe while the site runs. The files are left
// where they are: remove MEDIA_DIR once the site runs with MEDIA_STORE=s3.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createS3Storage } from '../src/lib/media/s3-storage.ts';
import { contentTypeOfKey, isMediaKey } from '../src/lib/media/storage.ts';
import { configOrExit } from './cli.ts';

const config = configOrExit();
if (config.mediaStore.kind !== 's3') {
  console.error(
    'media:copy needs the bucket to copy into: set MEDIA_STORE=s3 and the S3_* settings (docs/running.md).',
  );
  process.exit(64);
}
const from = resolve(config.mediaDir);
const bucket = createS3Storage(config.mediaStore);

/** Every key in the filesystem store's layout (`<first two hex digits>/<key>`); temporary files are not keys. */
async function keysUnder(dir: string): Promise<string[]> {
  const shards = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const keys: string[] = [];
  for (const shard of shards) {
    if (!shard.isDirectory() || !/^[0-9a-f]{2}$/.test(shard.name)) continue;
    for (const name of await readdir(join(dir, shard.name))) if (isMediaKey(name)) keys.push(name);
  }
  return keys.sort();
}

const keys = await keysUnder(from);
let copied = 0;
for (const key of keys) {
  if (await bucket.has(key)) continue;
  const bytes = await readFile(join(from, key.slice(0, 2), key));
  await bucket.put(key, new Uint8Array(bytes), contentTypeOfKey(key)!);
  copied++;
}
console.log(
  `Copied ${copied} of ${keys.length} files from ${from} to bucket ${config.mediaStore.bucket} ` +
    `(${keys.length - copied} already there).`,
);
