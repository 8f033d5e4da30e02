// Uploaded images in posts: the <picture> markup for one image, and the checks
// the post policy applies to responsive-image attributes so they can only
// point at our own /media/ files.
import { escape as escapeHtml } from 'html-escaper';

/** An uploaded image as the post renderer needs it (built by src/lib/media). */
export interface ResponsiveImage {
  /** The library's alt text, used when the Markdown gives none. */
  alt: string;
  /** Decorative images get an empty alt, whatever the Markdown says. */
  decorative: boolean;
  /** Intrinsic size of the fallback's largest variant: reserves the space, no layout shift. */
  width: number;
  height: number;
  /** Modern formats, best first: AVIF, then WebP. */
  sources: { type: 'image/avif' | 'image/webp'; srcset: string }[];
  /** JPEG (or PNG with transparency) for browsers without either. */
  fallback: { src: string; srcset: string };
}

/** A post's body is at most the 40rem measure, less on phones (1rem padding each side). */
export const POST_IMAGE_SIZES = '(min-width: 42rem) 40rem, calc(100vw - 2rem)';

const MEDIA_URL = /^\/media\/[0-9a-f]{32}\.(?:avif|webp|jpg|png)$/;
const SRCSET_CANDIDATE = /^(\S+)\s+[1-9]\d{0,4}w$/;
const SOURCE_TYPES = new Set(['image/avif', 'image/webp']);
const SIZES = /^[\w\s().,:%+-]{1,200}$/;

function isMediaUrl(url: string | undefined): boolean {
  return url !== undefined && MEDIA_URL.test(url);
}

/** "…a.avif 480w, …b.avif 960w" where every address is one of our media files. */
function isMediaSrcset(srcset: string | undefined): boolean {
  if (!srcset) return false;
  return srcset.split(',').every((candidate) => {
    const match = SRCSET_CANDIDATE.exec(candidate.trim());
    return match !== null && isMediaUrl(match[1]);
  });
}

type Attributes = Record<string, string>;

/** <source>: kept only with a media-only srcset and an image type we serve. */
export function isAllowedSource(attribs: Attributes): boolean {
  return isMediaSrcset(attribs.srcset) && SOURCE_TYPES.has(attribs.type ?? '');
}

/** <img>: srcset and sizes survive only when every candidate is one of our media files. */
export function keepMediaSrcset(attribs: Attributes): Attributes {
  const { srcset, sizes, ...rest } = attribs;
  if (!isMediaSrcset(srcset)) return rest;
  return sizes !== undefined && SIZES.test(sizes) ? { ...rest, srcset: srcset!, sizes } : { ...rest, srcset: srcset! };
}

/** <source> after the check: only its three attributes, sizes only if plain. */
export function cleanSourceAttributes(attribs: Attributes): Attributes {
  const { srcset, type, sizes } = attribs;
  const kept: Attributes = { srcset: srcset ?? '', type: type ?? '' };
  if (sizes !== undefined && SIZES.test(sizes)) kept.sizes = sizes;
  return kept;
}

function attribute(name: string, value: string): string {
  return ` ${name}="${escapeHtml(value)}"`;
}

/**
 * The markup for one uploaded image. Loading hints are added by the post
 * policy (the first image of a post loads eagerly, the others lazily).
 */
export function pictureHtml(image: ResponsiveImage, markdownAlt: string, title: string | null): string {
  const alt = image.decorative ? '' : markdownAlt.trim() || image.alt;
  const sources = image.sources
    .map(
      (s) =>
        `<source${attribute('type', s.type)}${attribute('srcset', s.srcset)}${attribute('sizes', POST_IMAGE_SIZES)}>`,
    )
    .join('');
  const img =
    `<img${attribute('src', image.fallback.src)}${attribute('srcset', image.fallback.srcset)}` +
    `${attribute('sizes', POST_IMAGE_SIZES)}${attribute('width', String(image.width))}` +
    `${attribute('height', String(image.height))}${attribute('alt', alt)}${title ? attribute('title', title) : ''}>`;
  return `<picture>${sources}${img}</picture>`;
}
