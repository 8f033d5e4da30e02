// What the wish board's forms accept. Actions validate with these first; the
// services parse again so every caller gets the same rules.
import { z } from 'astro/zod';
import type { ModerationStatus, OfferKind, OfferOrigin } from '../../../db/schema.ts';
import { isIsoDate } from '../schedule/week.ts';
import { emailField, honeypotField, idField, optionalName, optionalText, requiredText } from '../validation.ts';

export const WISH_MAX = 1000;
export const OFFER_MAX = 1000;
export const THANK_YOU_MAX = 1000;
export const PROMPT_MAX = 300;

export const OFFER_KINDS = [
  'encouragement',
  'introduction',
  'referral',
  'skill',
  'resource',
] as const satisfies readonly OfferKind[];

export const OFFER_KIND_LABELS: Record<OfferKind, string> = {
  encouragement: 'Encouragement',
  introduction: 'Introduction',
  referral: 'Referral',
  skill: 'Skill',
  resource: 'Resource',
};

const boardDateField = z
  .string({ error: 'This form is missing its board date; please reload the page.' })
  .refine(isIsoDate, 'This form has an invalid board date; please reload the page.');

/** The wisher's own post about the wish: an absolute http(s) address, or nothing. */
export const blogUrlField = z
  .string()
  .nullish()
  .transform((v) => (v == null ? null : v.trim() || null))
  .refine((v) => v === null || v.length <= 500, 'The link must be at most 500 characters.')
  .refine((v) => v === null || isWebAddress(v), 'Give the full address of your post, starting with https://.')
  .transform((v) => (v === null ? null : new URL(v).href));

export function isWebAddress(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 && !url.username;
}

const OFFER_ORIGINS = ['board', 'give_first', 'wish_page'] as const satisfies readonly OfferOrigin[];

const visitorFields = {
  name: optionalName('Name', 80),
  email: emailField.nullish(),
  website_url_confirm: honeypotField,
};

/** A ticked checkbox posts "on"; an unticked one posts nothing. (Services parse the parsed input again: true stays true.) */
const tickedField = z
  .union([z.string(), z.boolean()])
  .nullish()
  .transform((v) => v === 'on' || v === true);

export const wishInput = z.object({
  board_date: boardDateField,
  body: requiredText('Your wish', WISH_MAX),
  blog_url: blogUrlField,
  /** "Also share on the fediverse": once approved, @wishes posts the wish's words and link. */
  share_on_fediverse: tickedField,
  ...visitorFields,
});
export type WishInput = z.output<typeof wishInput>;

export const offerInput = z.object({
  wish_id: idField,
  board_date: boardDateField.nullish(),
  kind: z.enum(OFFER_KINDS, {
    error: 'Choose a kind of support: encouragement, introduction, referral, skill or resource.',
  }),
  body: requiredText('Your offer', OFFER_MAX),
  // Which form it came from, for the author's stats; anything else counts as the board.
  origin: z
    .string()
    .nullish()
    .transform((v): OfferOrigin =>
      (OFFER_ORIGINS as readonly string[]).includes(v ?? '') ? (v as OfferOrigin) : 'board',
    ),
  ...visitorFields,
});
export type OfferInput = z.output<typeof offerInput>;

export const cheerInput = z.object({
  wish_id: idField,
  board_date: boardDateField.nullish(),
});

// Alike loop/input.ts editWishInput: kept apart because granting and editing are different forms whose rules may part.
export const grantInput = z.object({
  wish_id: idField,
  thank_you: optionalText('Thank-you note', THANK_YOU_MAX),
  blog_url: blogUrlField,
});

export const acceptInput = z.object({
  offer_id: idField,
  wish_id: idField.nullish(),
});

const MODERATION_STATUSES = ['approved', 'spam', 'deleted'] as const satisfies readonly ModerationStatus[];

export const moderateInput = z.object({
  target: z.enum(['wish', 'offer'], { error: 'Choose a wish or an offer.' }),
  id: idField,
  status: z.enum(MODERATION_STATUSES, { error: 'Choose approve, spam or delete.' }),
});

export const promptInput = z.object({
  wish_date: boardDateField,
  prompt: optionalText('Prompt', PROMPT_MAX),
});

export const reminderInput = z.object({
  wish_reminder: z.boolean().default(false),
});
