// Why an upload was refused, as a field error beside the file input: every bad
// file ends here, never in a 5xx.
import { ValidationError } from '../errors.ts';
import { ACCEPTED_FORMATS_TEXT } from './formats.ts';
import { formatBytes, MAX_INPUT_PIXELS } from './limits.ts';

export type RefusalReason = 'empty' | 'too-large' | 'not-an-image' | 'too-many-pixels' | 'damaged' | 'too-slow';

export class ImageRefusedError extends ValidationError {
  readonly reason: RefusalReason;
  constructor(reason: RefusalReason, message: string) {
    super({ file: message }, message);
    this.reason = reason;
  }
}

export function refuseEmpty(): ImageRefusedError {
  return new ImageRefusedError('empty', 'Choose an image file to upload.');
}

export function refuseTooLarge(size: number, limit: number): ImageRefusedError {
  return new ImageRefusedError(
    'too-large',
    `This file is ${formatBytes(size)}; images can be up to ${formatBytes(limit)}.`,
  );
}

export function refuseNotAnImage(): ImageRefusedError {
  return new ImageRefusedError(
    'not-an-image',
    `This file is not an image we accept. Upload a ${ACCEPTED_FORMATS_TEXT}.`,
  );
}

export function refuseTooSlow(): ImageRefusedError {
  return new ImageRefusedError('too-slow', 'This image took too long to process. Try a smaller one.');
}

export function refuseTooManyPixels(maxPixels: number): ImageRefusedError {
  const megapixels = Math.round(maxPixels / 1_000_000);
  return new ImageRefusedError(
    'too-many-pixels',
    `This image has too many pixels to process: up to ${megapixels} megapixels are accepted.`,
  );
}

/**
 * Turns an error from sharp (libvips) into a refusal. Programming errors
 * (TypeError, RangeError, …) are not the file's fault and go on as they are.
 */
export function refusalFor(error: unknown, maxPixels = MAX_INPUT_PIXELS): unknown {
  if (error instanceof ImageRefusedError) return error;
  if (!(error instanceof Error) || error.constructor !== Error) return error;
  if (/pixel limit/i.test(error.message)) return refuseTooManyPixels(maxPixels);
  if (/timeout/i.test(error.message)) return refuseTooSlow();
  return new ImageRefusedError(
    'damaged',
    'This image is damaged or incomplete (perhaps cut short while copying). Save or export it again and retry.',
  );
}
