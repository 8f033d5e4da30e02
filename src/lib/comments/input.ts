// What a comment form may contain. Signed-in people give only the text; visitors
// also give a name, an email (never shown) and optionally a website.
import { z } from 'astro/zod';
import { emailField, idField, requiredName, requiredText, websiteField } from '../validation.ts';

export const MAX_COMMENT_LENGTH = 10_000;
export const MAX_NAME_LENGTH = 80;

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

/** An id that may be absent (a top-level comment has no parent). */
const optionalId = z.preprocess(blankToNull, idField.nullish()).transform((v) => v ?? null);

const commentBody = requiredText('Comment', MAX_COMMENT_LENGTH);

export const accountCommentInput = z.object({
  post_id: idField,
  parent_id: optionalId,
  body: commentBody,
});

export const visitorCommentInput = accountCommentInput.extend({
  name: requiredName('Name', MAX_NAME_LENGTH),
  email: emailField,
  website: websiteField,
});

export const editCommentInput = z.object({
  id: idField,
  body: commentBody,
});

const MODERATION_DECISIONS = ['approve', 'spam', 'delete'] as const;
export type ModerationDecision = (typeof MODERATION_DECISIONS)[number];

export const moderationInput = z.object({
  ids: z.array(idField, { error: 'Select at least one comment.' }).min(1, 'Select at least one comment.').max(500),
  decision: z.enum(MODERATION_DECISIONS, { error: 'Choose Approve, Spam or Delete.' }),
});
