// A [gallery] shows images WordPress knew as attachments: the post's own (in
// their menu order) or those its ids name. Attachments may come anywhere in an
// export, after the post too, so the reader leaves a marker (shortcodes.ts)
// and, once the whole file is read, each marker becomes the images, as
// Markdown images the image copy then brings into the media library.
import type { Db } from '../../db.ts';
import { renderMarkdown } from '../../markdown/markdown.ts';
import type { SourceImage, SourceSite } from '../model.ts';
import { readEntryMarkdown, writeEntryBody } from '../entries-repo.ts';
import { findLinks } from '../repo.ts';
import { GALLERY_MARKER } from './shortcodes.ts';

interface GalleryImages {
  byId: Map<string, SourceImage>;
  /** Post id → its attached images with their menu order. */
  byPost: Map<string, { image: SourceImage; order: number }[]>;
}

export function newGalleryImages(): GalleryImages {
  return { byId: new Map(), byPost: new Map() };
}

export function addGalleryImage(galleries: GalleryImages, image: SourceImage, parent: string | null, order: number) {
  galleries.byId.set(image.sourceId, image);
  if (!parent) return;
  const list = galleries.byPost.get(parent) ?? [];
  list.push({ image, order });
  galleries.byPost.set(parent, list);
}

function escapeAlt(alt: string): string {
  return alt.replace(/[\\[\]]/g, '\\$&').replace(/\s+/g, ' ');
}

/** An address as a Markdown link target: what would end it early is percent-encoded. */
function markdownTarget(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A body with each gallery marker replaced by its images (nothing, when none are known). */
export function expandGalleries(markdown: string, galleries: GalleryImages): string {
  return markdown
    .replace(GALLERY_MARKER, (_m, kind: string, list: string) => {
      const images =
        kind === 'ids'
          ? list.split(',').flatMap((id) => galleries.byId.get(id) ?? [])
          : (galleries.byPost.get(list) ?? [])
              .toSorted((a, b) => a.order - b.order || Number(a.image.sourceId) - Number(b.image.sourceId))
              .map((g) => g.image);
      return images.map((image) => `![${escapeAlt(image.alt)}](${markdownTarget(image.url)})`).join('\n\n');
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Replaces the markers in the posts and pages written from these source ids. */
export async function writeGalleries(
  db: Db,
  site: SourceSite,
  entries: { kind: 'post' | 'page'; sourceId: string }[],
  galleries: GalleryImages,
): Promise<void> {
  for (const kind of ['post', 'page'] as const) {
    const links = await findLinks(
      db,
      site,
      kind,
      entries.filter((e) => e.kind === kind).map((e) => e.sourceId),
    );
    for (const link of links.values()) {
      const markdown = await readEntryMarkdown(db, kind, link.local_id);
      if (markdown === null || !new RegExp(GALLERY_MARKER.source, 'm').test(markdown)) continue;
      const bodyMd = expandGalleries(markdown, galleries) || ' ';
      await writeEntryBody(db, kind, link.local_id, bodyMd, renderMarkdown(bodyMd, 'post'));
    }
  }
}
