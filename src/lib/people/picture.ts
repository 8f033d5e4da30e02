// A member's own picture: uploaded through the image pipeline (cropped square),
// replaced, removed; the files of an old picture are deleted once nothing else
// uses them (keys are content-addressed, so two uploads of the same bytes share files).
import type { MediaVariantJson } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { ConflictError } from '../errors.ts';
import { processAvatar } from '../media/avatar.ts';
import { putVariants, type MediaStorage } from '../media/storage.ts';
import { takeHit, type LimitRule } from '../ratelimit/ratelimit.ts';
import { getSettings } from '../settings/settings.ts';
import { recordContributorChange } from './changes.ts';
import { findFileKeysInUse, lockAvatar, updateAvatar } from './repo.ts';

/**
 * The largest avatar file, whatever the upload setting says. The HTTP edge lets
 * bodies up to 1 MB through for any member (src/server/http/limits.ts) and only
 * authors beyond that; an avatar is shown at most 128 px wide, so a picture under
 * a megabyte is plenty, and any signed-in member can send one.
 */
export const MAX_AVATAR_BYTES = 960 * 1024;

// Decoding is the cost: any member may upload, so attempts are limited per account, and per
// address for the accounts one person can make.
const UPLOADS_PER_ACCOUNT: LimitRule[] = [
  { limit: 3, windowSeconds: 60 },
  { limit: 10, windowSeconds: 60 * 60 },
];
const UPLOADS_PER_ADDRESS: LimitRule[] = [{ limit: 30, windowSeconds: 60 * 60 }];

interface UploadContext {
  ip: string | null;
  now: Date;
  rateLimitFactor?: number;
}

/** The largest avatar file the site accepts now: the upload setting, at most MAX_AVATAR_BYTES. */
export async function avatarLimit(db: Db): Promise<number> {
  const { maxUploadBytes } = await getSettings(db);
  return Math.min(maxUploadBytes, MAX_AVATAR_BYTES);
}

/**
 * Replaces the member's avatar with this picture; refuses a bad file with an
 * ImageRefusedError, and too many attempts with a RateLimitedError. Every
 * attempt counts, refused files too, before anything is decoded.
 */
export async function uploadAvatar(
  db: Db,
  storage: MediaStorage,
  userId: string,
  bytes: Uint8Array,
  context: UploadContext,
): Promise<void> {
  const buckets = [{ bucket: `avatar-upload:user:${userId}`, rules: UPLOADS_PER_ACCOUNT }];
  if (context.ip) buckets.push({ bucket: `avatar-upload:ip:${context.ip}`, rules: UPLOADS_PER_ADDRESS });
  await takeHit(db, buckets, context.now, context.rateLimitFactor ?? 1);
  const processed = await processAvatar(bytes, { maxBytes: await avatarLimit(db) });
  const stored = await putVariants(storage, processed.variants);
  let previous: MediaVariantJson[];
  try {
    previous = await swapAvatar(db, userId, stored);
  } catch (error) {
    await deleteUnusedFiles(db, storage, stored);
    throw error;
  }
  const kept = new Set(stored.map((v) => v.key));
  await deleteUnusedFiles(
    db,
    storage,
    previous.filter((v) => !kept.has(v.key)),
  );
}

/** Back to the generated identicon. */
export async function removeAvatar(db: Db, storage: MediaStorage, userId: string): Promise<void> {
  const previous = await swapAvatar(db, userId, null);
  await deleteUnusedFiles(db, storage, previous);
}

async function swapAvatar(db: Db, userId: string, next: MediaVariantJson[] | null): Promise<MediaVariantJson[]> {
  return db.transaction().execute(async (trx) => {
    const row = await lockAvatar(trx, userId);
    if (!row) throw new ConflictError('This account no longer exists.');
    await updateAvatar(trx, userId, next);
    // Every thread and card that shows them, their profile and the site frame.
    await recordContributorChange(trx, userId);
    return row.avatar ?? [];
  });
}

/** Deletes the files of these variants that no member's avatar and no media upload still has. */
export async function deleteUnusedFiles(db: Db, storage: MediaStorage, variants: MediaVariantJson[]): Promise<void> {
  const keys = [...new Set(variants.map((v) => v.key))];
  if (keys.length === 0) return;
  const used = await findFileKeysInUse(db, keys);
  for (const key of keys) if (!used.has(key)) await storage.delete(key);
}
