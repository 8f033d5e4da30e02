// Uploads as the post renderer sees them.
import type { Db } from '../db.ts';
import type { ResponsiveImage } from '../markdown/markdown.ts';
import { toResponsiveImage } from './references.ts';
import { selectMediaByIds } from './repo.ts';

/** The uploads among these ids that still exist, ready to render; missing ids are left out. */
export async function loadPostImages(db: Db, ids: number[]): Promise<Map<number, ResponsiveImage>> {
  const images = new Map<number, ResponsiveImage>();
  for (const row of await selectMediaByIds(db, ids)) {
    const image = toResponsiveImage(row);
    if (image) images.set(row.id, image);
  }
  return images;
}
