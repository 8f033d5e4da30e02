// Where processed images live. A small interface, so an S3-compatible bucket
// can stand in for the filesystem later. Keys are content-addressed (a hash of
// the bytes plus the format's extension), so a key's bytes never change and
// its URL can be cached forever; the same bytes stored twice are one file.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { MediaFormat, MediaVariantJson } from '../../../db/schema.ts';
import { CONTENT_TYPES, EXTENSIONS, formatOfExtension } from './formats.ts';
import type { ImageVariant } from './pipeline.ts';

interface StoredObject {
  body: ReadableStream<Uint8Array>;
  size: number;
  contentType: string;
}

export interface MediaStorage {
  /** Stores bytes under a key; storing the same key again is harmless. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes as a stream, or null when there is no such key. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes a key; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** 32 hex digits (128 bits of SHA-256), a dot and one of our extensions. Nothing else is a key. */
const KEY = /^([0-9a-f]{32})\.(avif|webp|jpg|png)$/;

export function isMediaKey(key: string): boolean {
  return KEY.test(key);
}

export function mediaKeyFor(bytes: Uint8Array, format: MediaFormat): string {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  return `${hash}.${EXTENSIONS[format]}`;
}

export function contentTypeOfKey(key: string): string | null {
  const match = KEY.exec(key);
  const format = match ? formatOfExtension(match[2]!) : null;
  return format ? CONTENT_TYPES[format] : null;
}

/** The public URL path of a stored key. */
export function mediaUrl(key: string): string {
  return `/media/${key}`;
}

function assertKey(key: string): void {
  // Keys come from our own hashes; checking here keeps any path out of the filesystem.
  if (!isMediaKey(key)) throw new Error(`Not a media key: ${JSON.stringify(key).slice(0, 80)}`);
}

/** Files under `dir/<first two hex digits>/<key>`, written atomically (temporary file, then rename). */
export function createFileStorage(dir: string): MediaStorage {
  const root = resolve(dir);
  const pathOf = (key: string) => join(root, key.slice(0, 2), key);
  return {
    async put(key, bytes) {
      assertKey(key);
      const path = pathOf(key);
      await mkdir(join(root, key.slice(0, 2)), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        const handle = await open(temporary, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async get(key) {
      if (!isMediaKey(key)) return null;
      const handle = await open(pathOf(key), 'r').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      });
      if (!handle) return null;
      const { size } = await handle.stat();
      const stream = handle.createReadStream();
      return {
        body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
        size,
        contentType: contentTypeOfKey(key)!,
      };
    },
    async delete(key) {
      assertKey(key);
      await unlink(pathOf(key)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
  };
}

/** Stores processed variants; returns what to keep in the database for each. */
export async function putVariants(storage: MediaStorage, variants: ImageVariant[]): Promise<MediaVariantJson[]> {
  const stored: MediaVariantJson[] = [];
  for (const variant of variants) {
    const key = mediaKeyFor(variant.bytes, variant.format);
    await storage.put(key, variant.bytes, variant.contentType);
    stored.push({
      key,
      format: variant.format,
      width: variant.width,
      height: variant.height,
      bytes: variant.bytes.length,
    });
  }
  return stored;
}
