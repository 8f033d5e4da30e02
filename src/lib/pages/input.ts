// The page editor's form: what the browser sends and the limits. Pure.
import { z } from 'astro/zod';
import type { PageStatus } from '../../../db/schema.ts';
import { optionalText, parseInput, requiredText } from '../validation.ts';
import { slugify, SLUG_MAX } from '../posts/slug.ts';

export const PAGE_TITLE_MAX = 200;
export const PAGE_BODY_MAX = 100_000;
const MENU_ORDER_LIMIT = 1000;

const raw = z.string().nullish();

// Alike posts/input.ts rawPostForm: kept apart because the two editors post different fields.
/** The form as it arrives: every field text or null (empty fields arrive as null). */
export const rawPageForm = z.object({
  title: raw,
  slug: raw,
  body: raw,
  show_in_menu: raw,
  menu_order: raw,
  intent: raw,
});
export type RawPageForm = z.infer<typeof rawPageForm>;

const fields = z.object({
  title: requiredText('Title', PAGE_TITLE_MAX),
  slug: optionalText('Slug', SLUG_MAX)
    .transform((v) => (v === null ? null : slugify(v)))
    .refine((v) => v !== '', 'Use letters, digits and hyphens, like about-me.'),
  body: requiredText('Body', PAGE_BODY_MAX),
  show_in_menu: z
    .string()
    .nullish()
    .transform((v) => v != null && v !== ''),
  menu_order: z
    .string()
    .nullish()
    .transform((v) => (v == null || v.trim() === '' ? '0' : v.trim()))
    .refine((v) => /^-?\d+$/.test(v), 'Menu order must be a whole number.')
    .transform(Number)
    .refine(
      (n) => Math.abs(n) <= MENU_ORDER_LIMIT,
      `Menu order must be from -${MENU_ORDER_LIMIT} to ${MENU_ORDER_LIMIT}.`,
    ),
  intent: z.enum(['draft', 'publish'], { error: 'Choose Save draft or Publish.' }),
});

export interface PageDraft {
  title: string;
  /** Normalised; null = make one from the title. */
  slug: string | null;
  bodyMd: string;
  status: PageStatus;
  showInMenu: boolean;
  menuOrder: number;
}

/** Checks the whole form; a ValidationError carries one message per field. */
export function readPageForm(input: RawPageForm): PageDraft {
  const form = parseInput(fields, input);
  return {
    title: form.title,
    slug: form.slug,
    bodyMd: form.body,
    status: form.intent === 'publish' ? 'published' : 'draft',
    showInMenu: form.show_in_menu,
    menuOrder: form.menu_order,
  };
}
