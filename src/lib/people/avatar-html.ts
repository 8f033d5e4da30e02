// How a member's avatar is shown: their uploaded picture as <picture> (AVIF,
// WebP, then the JPEG/PNG fallback, each with its square sizes), else the
// generated identicon. Pure, so the profile page and the comment thread
// (rendered to one HTML string) share it.
import { escape } from 'html-escaper';
import type { MediaFormat, MediaVariantJson } from '../../../db/schema.ts';
import { mediaUrl } from '../media/storage.ts';

type AvatarVariants = MediaVariantJson[];

interface AvatarOptions {
  handle: string;
  /** Shown width and height in CSS pixels (the page reserves the box: no layout shift). */
  px: number;
  /** The member's name; empty when the picture sits next to their name (decorative). */
  alt: string;
  className?: string;
  lazy?: boolean;
}

const SOURCE_TYPES: [MediaFormat, string][] = [
  ['avif', 'image/avif'],
  ['webp', 'image/webp'],
];

/** The generated avatar's address. */
function identiconPath(handle: string): string {
  return `/people/${handle}/avatar.svg`;
}

function srcsetOf(variants: AvatarVariants, format: MediaFormat): string {
  return variants
    .filter((v) => v.format === format)
    .sort((a, b) => a.width - b.width)
    .map((v) => `${mediaUrl(v.key)} ${v.width}w`)
    .join(', ');
}

/** The avatar's HTML: a <picture> for an uploaded one, an <img> of the identicon otherwise. */
export function renderAvatarHtml(variants: AvatarVariants | null, options: AvatarOptions): string {
  const size = `width="${options.px}" height="${options.px}"`;
  const extra = `${options.className ? ` class="${escape(options.className)}"` : ''}${options.lazy ? ' loading="lazy"' : ''}`;
  const alt = `alt="${escape(options.alt)}"`;
  const fallback = (variants ?? []).filter((v) => v.format === 'jpeg' || v.format === 'png');
  if (fallback.length === 0) {
    return `<img src="${escape(identiconPath(options.handle))}" ${alt} ${size}${extra}>`;
  }
  const fallbackFormat = fallback[0]!.format;
  // The smallest file at least twice the shown size (sharp on high-density screens) is the plain src.
  const sorted = [...fallback].sort((a, b) => a.width - b.width);
  const src = sorted.find((v) => v.width >= options.px * 2) ?? sorted[sorted.length - 1]!;
  const sizes = `sizes="${options.px}px"`;
  const sources = SOURCE_TYPES.map(([format, type]) => [type, srcsetOf(variants!, format)] as const)
    .filter(([, srcset]) => srcset !== '')
    .map(([type, srcset]) => `<source type="${type}" srcset="${srcset}" ${sizes}>`)
    .join('');
  return (
    `<picture>${sources}<img src="${mediaUrl(src.key)}" srcset="${srcsetOf(variants!, fallbackFormat)}" ${sizes} ` +
    `${alt} ${size}${extra}></picture>`
  );
}
