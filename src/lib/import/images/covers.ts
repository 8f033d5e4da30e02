// A WordPress post's featured image (_thumbnail_id) becomes its cover here,
// once the image is in the media library.
import type { Db } from '../../db.ts';
import { recordPostMedia, renderPostBody } from '../../posts/body.ts';
import type { SourceMedia, SourceSite } from '../model.ts';
import { readEntryMarkdown, setCoverIfNone } from '../entries-repo.ts';
import { findLinks } from '../repo.ts';
import type { Copy } from './addresses.ts';

/** A post's featured image becomes its cover, unless the post has one already (an author's choice stays). */
export async function setCovers(
  db: Db,
  site: SourceSite,
  media: SourceMedia | undefined,
  copyAt: (url: string) => Copy | null,
): Promise<boolean> {
  if (!media || media.covers.length === 0) return false;
  const images = new Map(media.images.map((image) => [image.sourceId, image]));
  let changed = false;
  // A thousand at a time: a statement holds at most 65,535 parameters.
  for (let i = 0; i < media.covers.length; i += 1000) {
    const covers = media.covers.slice(i, i + 1000);
    const links = await findLinks(
      db,
      site,
      'post',
      covers.map((c) => c.postSourceId),
    );
    for (const cover of covers) {
      const image = images.get(cover.imageSourceId);
      const postId = links.get(cover.postSourceId)?.local_id;
      const copy = image ? copyAt(image.url) : null;
      if (!image || !copy || !postId) continue;
      if (!(await setCoverIfNone(db, postId, copy.id, image.alt))) continue;
      const markdown = (await readEntryMarkdown(db, 'post', postId)) ?? '';
      await recordPostMedia(db, postId, (await renderPostBody(db, markdown)).mediaIds);
      changed = true;
    }
  }
  return changed;
}
