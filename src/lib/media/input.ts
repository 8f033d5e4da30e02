// The upload form: a file, its alt text, or an explicit "decorative" tick.
// The file itself is judged by the pipeline; this checks the words.
import { z } from 'astro/zod';
import { ValidationError } from '../errors.ts';
import { optionalText, parseInput } from '../validation.ts';

export const ALT_MAX = 1000;
const ALT_REQUIRED =
  'Describe the image for people who cannot see it, or tick "Decorative" if it adds nothing to the text.';

export const uploadFields = z.object({
  alt: optionalText('Alt text', ALT_MAX),
  decorative: z.string().nullish(),
});

interface UploadDetails {
  /** Empty when decorative. */
  alt: string;
  decorative: boolean;
}

/** Alt text is required unless the image is marked decorative (then any alt typed is dropped). */
export function readUploadDetails(raw: { alt?: unknown; decorative?: unknown }): UploadDetails {
  const input = parseInput(uploadFields, raw);
  const decorative = Boolean(input.decorative);
  if (decorative) return { alt: '', decorative };
  if (!input.alt) throw new ValidationError({ alt: ALT_REQUIRED });
  return { alt: input.alt.replace(/\s+/g, ' '), decorative };
}

// eslint-disable-next-line no-control-regex -- control characters never belong in a file name
const UNSAFE_NAME = /[\u0000-\u001f\u007f]/g;

/** The uploaded file's own name, for the library only: no folders, no control characters, 200 characters. */
export function cleanFileName(name: string | null | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  return base.replace(UNSAFE_NAME, '').trim().slice(0, 200);
}
