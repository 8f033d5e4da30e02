// A WordPress post's featured image (_thumbnail_id) becomes its cover here,
// once the image is in the media library.
import type { Db } from '../../db.ts';
import { recordPostMedia, renderPostBody } from '../../posts/body.ts';
import type { SourceMedia, SourceSite } from '../model.ts';
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
      const set = await db
        .updateTable('posts')
        .set({ cover_media_id: copy.id, cover_alt: image.alt })
        .where('id', '=', postId)
        .where('cover_media_id', 'is', null)
        .executeTakeFirst();
      if (set.numUpdatedRows === 0n) continue;
      const post = await db.selectFrom('posts').select('body_md').where('id', '=', postId).executeTakeFirstOrThrow();
      await recordPostMedia(db, postId, (await renderPostBody(db, post.body_md)).mediaIds);
      changed = true;
    }
  }
  return changed;
}
