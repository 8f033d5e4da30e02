// What the reaction forms accept. The action validates with this first; the
// service parses again so every caller gets the same rules.
import { z } from 'astro/zod';
import { idField } from '../validation.ts';
import { READER_REACTIONS, READER_SUBJECTS } from './kinds.ts';

export const reactInput = z.object({
  subject: z.enum(READER_SUBJECTS, { error: 'This form is missing what it reacts to; please reload the page.' }),
  subject_id: idField,
  kind: z.enum(READER_REACTIONS, { error: 'Choose a heart, "Me too" or "Thank you".' }),
});
export type ReactInput = z.output<typeof reactInput>;
