// The one place that picks where media live, from the config (MEDIA_STORE).
import type { Config } from '../config.ts';
import { createS3Storage } from './s3-storage.ts';
import { createFileStorage, type MediaStorage } from './storage.ts';

export function mediaStorageFor(config: Pick<Config, 'mediaStore' | 'mediaDir'>): MediaStorage {
  return config.mediaStore.kind === 's3' ? createS3Storage(config.mediaStore) : createFileStorage(config.mediaDir);
}
