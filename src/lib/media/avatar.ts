// Uploaded avatars: the same checks and decoding as post images, cropped to a
// centred square and encoded at a few sizes in AVIF, WebP and JPEG (PNG when
// transparent). Storing them is the caller's: see putVariants in storage.ts.
import type { MediaFormat } from '../../../db/schema.ts';
import { AVATAR_MAX_INPUT_PIXELS, AVATAR_SIZES, DEFAULT_MAX_UPLOAD_BYTES } from './limits.ts';
import {
  answerByDeadline,
  checkUpload,
  Deadline,
  decodeToRaw,
  DEFAULT_TIMEOUT_SECONDS,
  encodeVariants,
  hasTransparency,
  readHeader,
  type ImageVariant,
  type PipelineOptions,
} from './pipeline.ts';

export { ImageRefusedError } from './refusal.ts';
export type { ImageVariant } from './pipeline.ts';

interface ProcessedAvatar {
  /** Side of the largest square; smaller images are not enlarged. */
  size: number;
  hasAlpha: boolean;
  /** Square variants, each size in each format; width === height. */
  variants: ImageVariant[];
}

/**
 * Turns an uploaded picture into square avatar variants (64, 128 and 256 px,
 * fewer when the picture is smaller). Refuses bad files with an
 * ImageRefusedError whose `fields.file` is the message to show; a picture of
 * more than AVATAR_MAX_INPUT_PIXELS is refused from its header, undecoded.
 */
export async function processAvatar(
  input: Uint8Array,
  options: Partial<PipelineOptions> = {},
): Promise<ProcessedAvatar> {
  const deadline = new Deadline(options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
  const limits = {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    maxPixels: options.maxPixels ?? AVATAR_MAX_INPUT_PIXELS,
  };
  return answerByDeadline(squareVariants(input, limits, deadline), deadline);
}

async function squareVariants(
  input: Uint8Array,
  limits: { maxBytes: number; maxPixels: number },
  deadline: Deadline,
): Promise<ProcessedAvatar> {
  const format = checkUpload(input, limits.maxBytes);
  const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const { width, height } = await readHeader(buffer, format, limits.maxPixels);
  const largest = AVATAR_SIZES[AVATAR_SIZES.length - 1]!;
  const size = Math.min(width, height, largest);
  const crop = { width: size, height: size, fit: 'cover', position: 'centre' } as const;
  const base = await decodeToRaw(buffer, crop, deadline, limits.maxPixels);
  const hasAlpha = await hasTransparency(base);
  const formats: MediaFormat[] = ['avif', 'webp', hasAlpha ? 'png' : 'jpeg'];
  const sides = [...AVATAR_SIZES.filter((s) => s < size), size];
  const targets = sides.flatMap((side) => formats.map((f) => ({ format: f, width: side, height: side })));
  return { size, hasAlpha, variants: await encodeVariants(base, targets, !hasAlpha, deadline) };
}
