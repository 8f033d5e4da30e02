// Media in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph, R2, …), behind
// the same small interface as the filesystem, so every process on every
// machine sees every upload. Requests are signed with aws4fetch (SigV4 over
// fetch; see docs/dependencies.md). Objects are private: the app serves them at
// /media/<key> (docs/pages-and-images.md says why).
import { AwsClient } from 'aws4fetch';
import type { S3Config } from '../config.ts';
import { contentTypeOfKey, isMediaKey, type MediaStorage } from './storage.ts';

/** A key's bytes never change (it is their hash), so anything in front of the bucket may keep them a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

class MediaStoreError extends Error {
  constructor(action: string, key: string, status: number, detail: string) {
    super(`S3 ${action} ${key} answered ${status}${detail ? `: ${detail.slice(0, 200)}` : ''}`);
    this.name = 'MediaStoreError';
  }
}

/** The object's address: `endpoint/bucket/key` (path style) or `bucket.endpoint-host/key` (virtual-hosted). */
export function s3ObjectUrl(config: Pick<S3Config, 'endpoint' | 'bucket' | 'forcePathStyle'>, key: string): string {
  const endpoint = new URL(config.endpoint);
  if (config.forcePathStyle) return `${config.endpoint}/${config.bucket}/${key}`;
  endpoint.hostname = `${config.bucket}.${endpoint.hostname}`;
  return `${endpoint.origin}${endpoint.pathname.replace(/\/+$/, '')}/${key}`;
}

export function createS3Storage(config: S3Config): MediaStorage & { has(key: string): Promise<boolean> } {
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    region: config.region,
    service: 's3',
    retries: 3,
  });
  const send = (method: string, key: string, init: RequestInit = {}) =>
    client.fetch(s3ObjectUrl(config, key), { method, ...init });
  const failure = async (action: string, key: string, res: Response) =>
    new MediaStoreError(action, key, res.status, await res.text().catch(() => ''));

  return {
    async put(key, bytes, contentType) {
      if (!isMediaKey(key)) throw new Error(`Not a media key: ${JSON.stringify(key).slice(0, 80)}`);
      const res = await send('PUT', key, {
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': contentType, 'cache-control': IMMUTABLE, 'content-length': String(bytes.length) },
      });
      if (!res.ok) throw await failure('PUT', key, res);
      await res.body?.cancel();
    },
    async get(key) {
      if (!isMediaKey(key)) return null;
      const res = await send('GET', key);
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok || !res.body) throw await failure('GET', key, res);
      return {
        body: res.body,
        size: Number(res.headers.get('content-length') ?? 0),
        contentType: contentTypeOfKey(key)!,
      };
    },
    async delete(key) {
      if (!isMediaKey(key)) throw new Error(`Not a media key: ${JSON.stringify(key).slice(0, 80)}`);
      const res = await send('DELETE', key);
      // S3 answers 204 whether or not the key existed; some stores answer 404 for a missing one.
      if (!res.ok && res.status !== 404) throw await failure('DELETE', key, res);
      await res.body?.cancel();
    },
    async has(key) {
      const res = await send('HEAD', key);
      await res.body?.cancel();
      if (res.status === 404) return false;
      if (!res.ok) throw await failure('HEAD', key, res);
      return true;
    },
  };
}
