// What the profile and leaving forms may contain.
import { z } from 'astro/zod';
import { optionalText, requiredName, websiteField } from '../validation.ts';
import { handleField } from './handle.ts';

export const MAX_NAME_LENGTH = 80;
export const MAX_BIO_LENGTH = 500;

export const profileInput = z.object({
  name: requiredName('Name', MAX_NAME_LENGTH),
  handle: handleField,
  bio: optionalText('Bio', MAX_BIO_LENGTH),
  // http(s) only: "example.org" becomes https://example.org/, anything else is refused.
  website: websiteField,
});

const COMMENT_CHOICES = ['keep', 'remove'] as const;

export const leaveInput = z.object({
  password: z.string({ error: 'Enter your password to confirm.' }).min(1, 'Enter your password to confirm.').max(1000),
  comments: z.enum(COMMENT_CHOICES, {
    error: 'Choose whether your comments keep their text.',
  }),
  confirm: z
    .string({ error: 'Tick the box to confirm that you want to delete your account.' })
    .refine((v) => v === 'yes', 'Tick the box to confirm that you want to delete your account.'),
});
