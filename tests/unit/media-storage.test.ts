// The filesystem storage: content-addressed keys, atomic writes, streams, and
// nothing outside its directory whatever key is asked for.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentTypeOfKey,
  createFileStorage,
  isMediaKey,
  mediaKeyFor,
  type MediaStorage,
} from '../../src/lib/media/storage.ts';

describe('file storage', () => {
  let dir: string;
  let storage: MediaStorage;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wishcast-storage-'));
    storage = createFileStorage(join(dir, 'media'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names bytes by their hash and format', () => {
    const key = mediaKeyFor(Buffer.from('hello'), 'jpeg');
    expect(key).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e.jpg');
    expect(mediaKeyFor(Buffer.from('hello'), 'avif')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e.avif');
    expect(contentTypeOfKey(key)).toBe('image/jpeg');
    expect(contentTypeOfKey('2cf24dba5fb0a30e26e83b2ac5b9e29e.png')).toBe('image/png');
  });

  it('puts, streams and deletes, leaving no temporary files', async () => {
    const bytes = Buffer.from('some image bytes');
    const key = mediaKeyFor(bytes, 'webp');
    await storage.put(key, bytes, 'image/webp');
    await storage.put(key, bytes, 'image/webp'); // the same bytes again: harmless
    expect(await readdir(join(dir, 'media', key.slice(0, 2)))).toEqual([key]);
    const object = (await storage.get(key))!;
    expect(object).toMatchObject({ size: bytes.length, contentType: 'image/webp' });
    expect(Buffer.from(await new Response(object.body).arrayBuffer())).toEqual(bytes);
    await storage.delete(key);
    await storage.delete(key); // already gone: not an error
    expect(await storage.get(key)).toBeNull();
  });

  it.each([
    '../secret.jpg',
    '../../etc/passwd',
    '/etc/passwd',
    '2c/../../secret.jpg',
    '2CF24DBA5FB0A30E26E83B2AC5B9E29E.jpg',
    '2cf24dba5fb0a30e26e83b2ac5b9e29e.svg',
    '2cf24dba5fb0a30e26e83b2ac5b9e29e.jpg/',
    '2cf24dba5fb0a30e26e83b2ac5b9e29e.jpg\0.png',
    '%2e%2e%2fsecret.jpg',
    '',
  ])('refuses the key %j', async (key) => {
    await writeFile(join(dir, 'secret.jpg'), 'private');
    expect(isMediaKey(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/Not a media key/);
    await expect(storage.delete(key)).rejects.toThrow(/Not a media key/);
  });
});
