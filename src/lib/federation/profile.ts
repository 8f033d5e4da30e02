// What the blog actor's profile shows besides the settings: the author's
// uploaded picture, when there is one (the generated identicon is an SVG,
// which Mastodon does not show as an avatar).
import type { Db } from '../db.ts';
import { mediaUrl } from '../media/storage.ts';
import { findFirstAuthorAvatar } from './repo.ts';

interface ProfileImage {
  path: string;
  mediaType: string;
}

const MEDIA_TYPES: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png' };

export async function authorPicture(db: Db): Promise<ProfileImage | null> {
  const row = await findFirstAuthorAvatar(db);
  const largest = (row?.avatar ?? [])
    .filter((variant) => variant.format in MEDIA_TYPES)
    .sort((a, b) => b.width - a.width)[0];
  return largest ? { path: mediaUrl(largest.key), mediaType: MEDIA_TYPES[largest.format]! } : null;
}
