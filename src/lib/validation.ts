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
