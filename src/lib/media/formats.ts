// What a file is, from its first bytes (never its name or the browser's
// claim), and what we call each format we write.
import type { MediaFormat } from '../../../db/schema.ts';

export type InputFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

export const ACCEPTED_FORMATS_TEXT = 'JPEG, PNG, WebP, AVIF or GIF';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** An ISO-BMFF `ftyp` box whose major or a compatible brand is AVIF (still or sequence). */
function isAvif(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 4) !== 'ftyp') return false;
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (boxSize < 16 || boxSize > bytes.length || boxSize % 4 !== 0) return false;
  const brands = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(bytes, at, 4));
  return brands.some((brand) => brand === 'avif' || brand === 'avis');
}

/** The format of an accepted image, or null for anything else (SVG, HTML, ZIP, HEIC, …). */
export function detectImageFormat(bytes: Uint8Array): InputFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return 'gif';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (isAvif(bytes)) return 'avif';
  return null;
}

/** sharp's name for a format, as its metadata reports it; AVIF is HEIF with AV1 inside. */
export function matchesDecoder(format: InputFormat, decoded: { format?: string; compression?: string }): boolean {
  if (format === 'avif') return decoded.format === 'heif' && decoded.compression === 'av1';
  return decoded.format === format;
}

export const CONTENT_TYPES: Record<MediaFormat, string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export const EXTENSIONS: Record<MediaFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg', png: 'png' };

/** The format a stored file's extension names, or null. */
export function formatOfExtension(extension: string): MediaFormat | null {
  const found = (Object.entries(EXTENSIONS) as [MediaFormat, string][]).find(([, ext]) => ext === extension);
  return found ? found[0] : null;
}
