// The door posts use into media: which uploads a post's Markdown names, how
// they render, and recording that the post uses them.
import type { MediaVariantJson } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import type { ResponsiveImage } from '../markdown/markdown.ts';
import { listMediaReferences, mediaIdOf, toResponsiveImage } from './references.ts';
import { replacePostUsages, selectMediaByIds } from './repo.ts';

export { listMediaReferences, mediaIdOf };

/** The uploads among these ids that still exist, ready to render; missing ids are left out. */
export async function loadPostImages(db: Db, ids: number[]): Promise<Map<number, ResponsiveImage>> {
  const images = new Map<number, ResponsiveImage>();
  for (const row of await selectMediaByIds(db, ids)) {
    const image = toResponsiveImage(row);
    if (image) images.set(row.id, image);
  }
  return images;
}

/** A cover image from the upload's variants, with the post's own alt text; null without a fallback variant. */
export function coverImageOf(variants: MediaVariantJson[], alt: string): ResponsiveImage | null {
  return toResponsiveImage({ alt, decorative: false, variants });
}

/** A post now uses exactly these uploads (ids of deleted uploads are skipped). */
export async function recordPostMedia(db: Db, postId: number, mediaIds: number[]): Promise<void> {
  await replacePostUsages(db, postId, mediaIds);
}
