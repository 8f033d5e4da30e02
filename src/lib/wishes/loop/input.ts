// What the wish loop's forms accept: owners' edits and deletions, the private
// thread, shared contact details, follow-up answers and manage links.
import { z } from 'astro/zod';
import { emailField, idField, requiredText } from '../../validation.ts';
import { blogUrlField, isWebAddress, OFFER_KINDS, OFFER_MAX, WISH_MAX } from '../input.ts';

export const MESSAGE_MAX = 2000;

// Alike input.ts grantInput: kept apart because editing and granting are different forms whose rules may part.
export const editWishInput = z.object({
  wish_id: idField,
  body: requiredText('Your wish', WISH_MAX),
  blog_url: blogUrlField,
});

export const editOfferInput = z.object({
  offer_id: idField,
  kind: z.enum(OFFER_KINDS, {
    error: 'Choose a kind of support: encouragement, introduction, referral, skill or resource.',
  }),
  body: requiredText('Your offer', OFFER_MAX),
});

export const wishRefInput = z.object({ wish_id: idField });

export const offerRefInput = z.object({ offer_id: idField });

export const messageInput = z.object({
  offer_id: idField,
  body: requiredText('Your message', MESSAGE_MAX),
});

const SHARED_KINDS = ['email', 'website'] as const;

/** The share form's fields; the website is required only when sharing a website. */
export const shareFields = z
  .object({
    offer_id: idField,
    what: z.enum(SHARED_KINDS, { error: 'Choose to share your email or your website.' }),
    website: z
      .string()
      .nullish()
      .transform((v) => (v == null ? null : v.trim() || null)),
  })
  .superRefine((input, ctx) => {
    if (input.what !== 'website') return;
    if (!input.website) {
      ctx.addIssue({ code: 'custom', path: ['website'], message: 'Give the address of your website.' });
    } else if (input.website.length > 500 || !isWebAddress(input.website)) {
      ctx.addIssue({
        code: 'custom',
        path: ['website'],
        message: 'Give the full address of your website, starting with https://.',
      });
    }
  });

export const shareInput = shareFields.transform((input) => ({
  offerId: input.offer_id,
  what: input.what,
  website: input.what === 'website' && input.website ? new URL(input.website).href : null,
}));

/** The manage link's own form: stop it working and get a new one. */
export const replaceLinkInput = z.object({
  confirm: z.literal('yes', { error: 'Tick the box to confirm that the old link should stop working.' }),
});

/** "Lost your private link?" on a wish's page: the email the wish or offer was made with. */
export const lostLinkInput = z.object({ wish_id: idField, email: emailField });
