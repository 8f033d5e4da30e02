// The forms of following by email: the address and what to get.
import { z } from 'astro/zod';
import { emailField } from '../validation.ts';

const choice = z.enum(['posts', 'wish-day', 'digest'], { error: 'Pick from the list.' });

export const followInput = z.object({
  email: emailField,
  choices: z.array(choice).max(3).min(1, 'Pick at least one thing to get.'),
});

/** The manage page's "delete my address": the token from the mail is the only proof needed. */
export const followTokenInput = z.object({ token: z.string().max(500) });

/** The manage page's form: the token from the mail, and what to get from now on (none: stop everything). */
export const followChoicesInput = z.object({
  token: z.string().max(500),
  choices: z.array(choice).max(3),
});

/** The author's removal of one address from the list. */
export const removeFollowerInput = z.object({ email: emailField });

/** The author's CSV import: the file, what they will get once confirmed, and the statement that they agreed. */
export const importFollowersInput = z.object({
  file: z.instanceof(File).nullish(),
  choices: z.array(choice).max(3),
  agreed: z.string().nullish(),
});
