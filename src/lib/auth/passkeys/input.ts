// The passkey forms' fields. A ceremony's answer comes as JSON text in a
// hidden field, filled by the page's script after the browser's prompt.
import { z } from 'astro/zod';
import { requiredText } from '../../validation.ts';
import { PASSWORD_MAX } from '../password.ts';

/** A WebAuthn answer is a few kilobytes at most (attestation "none"). */
const MAX_RESPONSE_CHARS = 16_000;

export const ceremonyResponseField = z
  .string({ error: 'Your browser sent no passkey. Try again (it needs JavaScript).' })
  .min(2, 'Your browser sent no passkey. Try again (it needs JavaScript).')
  .max(MAX_RESPONSE_CHARS, 'That passkey answer is too long.');

export const addPasskeyInput = z.object({
  passkey_name: requiredText('Passkey name', 60),
  response: ceremonyResponseField,
});

export const removePasskeyInput = z.object({
  id: z.string().min(1).max(1024),
  current_password: z
    .string({ error: 'Enter your current password.' })
    .min(1, 'Enter your current password.')
    .max(PASSWORD_MAX),
});
