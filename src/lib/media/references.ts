// How posts refer to uploads. The syntax is plain Markdown, written by the
// editor's "Upload and insert" button:
//
//   ![Alt text](/media/42)          the upload with id 42
//   ![](/media/42)                  the alt text saved with the upload
//   ![Alt](/media/42 "A title")     a title, as for any image
//
// On save, each such reference renders as a <picture> with AVIF and WebP
// sources and a JPEG/PNG fallback (src/lib/markdown), and the post is
// recorded as using upload 42. Any other address is left as written.
import type { MediaFormat, MediaVariantJson } from '../../../db/schema.ts';
import { listImageAddresses, type ResponsiveImage } from '../markdown/markdown.ts';
import { mediaUrl } from './storage.ts';

const REFERENCE = /^\/media\/([1-9]\d{0,9})$/;

/** The upload id an image address names, or null. */
export function mediaIdOf(address: string): number | null {
  const match = REFERENCE.exec(address);
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id <= 2_147_483_647 ? id : null;
}

/** The ids of the uploads a post's Markdown uses, each once, in order of appearance. */
export function listMediaReferences(markdown: string): number[] {
  const ids = listImageAddresses(markdown)
    .map(mediaIdOf)
    .filter((id) => id !== null);
  return [...new Set(ids)];
}

/** The Markdown the editor inserts for an upload. Brackets in the alt text are escaped. */
export function mediaReference(id: number, alt: string): string {
  const text = alt.replace(/[\\[\]]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
  return `![${text}](/media/${id})`;
}

/** A post body with a reference added at its end, as its own paragraph. */
export function appendReference(body: string | null | undefined, reference: string): string {
  const text = (body ?? '').replace(/\s+$/, '');
  return text ? `${text}\n\n${reference}\n` : `${reference}\n`;
}

interface MediaForRendering {
  alt: string;
  decorative: boolean;
  variants: MediaVariantJson[];
}

function srcset(variants: MediaVariantJson[]): string {
  return variants.map((v) => `${mediaUrl(v.key)} ${v.width}w`).join(', ');
}

/** The data the post renderer needs for one upload, or null when it has no fallback variant. */
export function toResponsiveImage(media: MediaForRendering): ResponsiveImage | null {
  const of = (format: MediaFormat) =>
    media.variants.filter((v) => v.format === format).sort((a, b) => a.width - b.width);
  const fallback = of('jpeg').length > 0 ? of('jpeg') : of('png');
  const largest = fallback[fallback.length - 1];
  if (!largest) return null;
  const sources = (['avif', 'webp'] as const)
    .filter((format) => of(format).length > 0)
    .map((format) => ({ type: `image/${format}` as const, srcset: srcset(of(format)) }));
  return {
    alt: media.alt,
    decorative: media.decorative,
    width: largest.width,
    height: largest.height,
    sources,
    fallback: { src: mediaUrl(largest.key), srcset: srcset(fallback) },
  };
}
