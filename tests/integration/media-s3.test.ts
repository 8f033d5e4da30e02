// The S3-compatible media store against a real local S3 server (s3rver): the
// same contract as the filesystem store, signed requests, and `npm run
// media:copy` moving a filesystem library into the bucket (run twice: resumable).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Storage, s3ObjectUrl } from '../../src/lib/media/s3-storage.ts';
import { createFileStorage, mediaKeyFor } from '../../src/lib/media/storage.ts';
import { startTestS3, type TestS3 } from '../helpers/s3.ts';

async function bytesOf(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

describe('media in an S3-compatible bucket', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3?.stop();
  });
  const config = () => ({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });

  it('addresses objects path-style or virtual-hosted', () => {
    const key = 'a'.repeat(32) + '.webp';
    expect(s3ObjectUrl({ endpoint: 'http://minio:9000', bucket: 'b-1', forcePathStyle: true }, key)).toBe(
      `http://minio:9000/b-1/${key}`,
    );
    expect(
      s3ObjectUrl({ endpoint: 'https://s3.eu-central-1.amazonaws.com', bucket: 'b-1', forcePathStyle: false }, key),
    ).toBe(`https://b-1.s3.eu-central-1.amazonaws.com/${key}`);
  });

  it('stores, reads, overwrites harmlessly and deletes by key', async () => {
    const storage = createS3Storage(config());
    const bytes = new Uint8Array(Buffer.from('not really a webp, but bytes all the same'));
    const key = mediaKeyFor(bytes, 'webp');
    expect(await storage.get(key)).toBeNull();
    expect(await storage.has(key)).toBe(false);
    await storage.put(key, bytes, 'image/webp');
    await storage.put(key, bytes, 'image/webp');
    const object = await storage.get(key);
    expect(object).toMatchObject({ size: bytes.length, contentType: 'image/webp' });
    expect(await bytesOf(object!.body)).toEqual(Buffer.from(bytes));
    expect(await storage.has(key)).toBe(true);
    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    expect(await storage.get('../etc/passwd')).toBeNull();
    await expect(storage.put('x/y.webp', bytes, 'image/webp')).rejects.toThrow(/Not a media key/);
  });

  // s3rver checks the key id, not SigV4 signatures: a key id it does not know stands for wrong credentials.
  it('refuses to work with the wrong keys, saying what the bucket answered', async () => {
    const storage = createS3Storage({ ...config(), accessKeyId: 'NOT-A-KEY' });
    const bytes = new Uint8Array([1, 2, 3]);
    await expect(storage.put(mediaKeyFor(bytes, 'png'), bytes, 'image/png')).rejects.toThrow(/S3 PUT .* answered 403/);
  });

  it('copies a filesystem library into the bucket with npm run media:copy, skipping what is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wishcast-media-copy-'));
    try {
      const files = createFileStorage(dir);
      const library = ['one', 'two', 'three'].map((text) => new Uint8Array(Buffer.from(`image ${text}`)));
      const keys = library.map((bytes) => mediaKeyFor(bytes, 'jpeg'));
      for (const [i, bytes] of library.entries()) await files.put(keys[i]!, bytes, 'image/jpeg');
      const bucket = createS3Storage(config());
      await bucket.put(keys[0]!, library[0]!, 'image/jpeg');

      const copy = () =>
        spawnSync(process.execPath, [resolve('scripts/media-copy.ts')], {
          env: { ...process.env, ...s3.env, MEDIA_DIR: dir, DATABASE_URL: '' },
          encoding: 'utf8',
        });
      const first = copy();
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/Copied 2 of 3 files .* \(1 already there\)/);
      for (const [i, key] of keys.entries()) {
        const object = await bucket.get(key);
        expect(object?.contentType).toBe('image/jpeg');
        expect(await bytesOf(object!.body)).toEqual(Buffer.from(library[i]!));
      }
      expect(copy().stdout).toMatch(/Copied 0 of 3 files/);

      const unset = spawnSync(process.execPath, [resolve('scripts/media-copy.ts')], {
        env: { ...process.env, MEDIA_STORE: 'files', MEDIA_DIR: dir },
        encoding: 'utf8',
      });
      expect(unset.status).toBe(64);
      expect(unset.stderr).toMatch(/set MEDIA_STORE=s3/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
