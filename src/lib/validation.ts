// Shared field rules for every form. Browsers send an empty field as "" and
// Astro hands it to zod as null, so optional text accepts both and yields null.
import { z } from 'astro/zod';
import { ValidationError, type FieldErrors } from './errors.ts';

// Control characters other than tab, newline and carriage return never belong in text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function clean(value: string): string {
  return value.replace(/\r\n?/g, '\n').trim();
}

export function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label} is required.` })
    .transform(clean)
    .refine((v) => v.length > 0, `${label} is required.`)
    .refine((v) => v.length <= max, `${label} must be at most ${max.toLocaleString('en')} characters.`)
    .refine((v) => !CONTROL_CHARS.test(v), `${label} contains characters that are not allowed.`);
}

export function optionalText(label: string, max: number) {
  return z
    .string()
    .nullish()
    .transform((v) => (v == null ? null : clean(v)))
    .refine((v) => v === null || v.length <= max, `${label} must be at most ${max.toLocaleString('en')} characters.`)
    .refine((v) => v === null || !CONTROL_CHARS.test(v), `${label} contains characters that are not allowed.`)
    .transform((v) => (v ? v : null));
}

/**
 * What a display name may not contain: controls (C0, C1, DEL, line breaks),
 * invisible format characters (bidi embeddings, overrides and isolates
 * U+202A–U+202E and U+2066–U+2069, marks, zero-width spaces and joiners, the
 * BOM, soft hyphens), line and paragraph separators, lone surrogates, and
 * letters that draw nothing (Hangul fillers). Names appear beside other
 * people's words, in notices and in mail: these would let one name reorder
 * what follows it or pass for another.
 */
const NOT_IN_NAMES = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115F\u1160\u3164\uFFA0]/u;
/**
 * The invisible characters emoji need: a zero-width joiner between two
 * pictographs (👩‍💻) and the tags of a subdivision flag (🏴 + tags + cancel tag).
 */
const EMOJI_JOINS =
  /(?<=\p{Extended_Pictographic}\uFE0F?[\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})|(?<=\u{1F3F4})[\u{E0020}-\u{E007E}]+\u{E007F}/gu;

/** Whether a display name is free of control and invisible formatting characters (the one rule). */
export function isCleanName(name: string): boolean {
  return !NOT_IN_NAMES.test(name.replace(EMOJI_JOINS, ''));
}

const NAME_MESSAGE = (label: string) =>
  `${label} cannot contain control or invisible characters (such as text-direction overrides).`;

/** A person's display name (sign-up, profile, a visitor's comment). */
export function requiredName(label: string, max: number) {
  return requiredText(label, max).refine(isCleanName, NAME_MESSAGE(label));
}

/** A display name that may be left empty (a visitor's wish or offer). */
export function optionalName(label: string, max: number) {
  return optionalText(label, max).refine((v) => v === null || isCleanName(v), NAME_MESSAGE(label));
}

export const emailField = z
  .string({ error: 'Email is required.' })
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.email({ error: 'Enter an email address like name@example.com.' }).max(254, 'Email is too long.'));

export const idField = z.coerce
  .number({ error: 'Missing or invalid id.' })
  .int('Missing or invalid id.')
  .positive('Missing or invalid id.')
  .max(2_147_483_647, 'Missing or invalid id.');

/** A hidden field people never fill in; bots that fill every field do. */
export const honeypotField = z.string().nullish();

/** Parses with a schema and turns failures into a ValidationError with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    fields[key] ??= issue.message;
  }
  throw new ValidationError(fields);
}

/** "example.org" → "https://example.org/"; only http(s) addresses are kept. */
export const websiteField = optionalText('Website', 200).transform((value, ctx) => {
  if (value === null) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  let url: URL | null;
  try {
    url = new URL(withScheme);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.')) {
    ctx.addIssue({ code: 'custom', message: 'Enter a web address like https://example.org, or leave it empty.' });
    return z.NEVER;
  }
  return url.href;
});
