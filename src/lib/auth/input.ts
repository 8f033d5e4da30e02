import { z } from 'astro/zod';
import { emailField, requiredName } from '../validation.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './password.ts';

export const passwordField = z
  .string({ error: 'Password is required.' })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters.`);

export const signUpInput = z.object({
  name: requiredName('Name', 80),
  email: emailField,
  password: passwordField,
});
export type SignUpInput = z.output<typeof signUpInput>;

export const logInInput = z.object({
  email: emailField,
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(PASSWORD_MAX),
});
export type LogInInput = z.output<typeof logInInput>;

export const setupInput = signUpInput.extend({
  token: z.string({ error: 'The setup link is missing its token.' }).min(1).max(200),
});

export const changePasswordInput = z.object({
  current_password: z
    .string({ error: 'Enter your current password.' })
    .min(1, 'Enter your current password.')
    .max(PASSWORD_MAX),
  new_password: passwordField,
});

export const resetRequestInput = z.object({ email: emailField });

export const resetPasswordInput = z.object({
  token: z.string({ error: 'The reset link is missing its token.' }).min(1).max(200),
  new_password: passwordField,
});

export const changeEmailInput = z.object({
  email: emailField,
  current_password: z
    .string({ error: 'Enter your current password.' })
    .min(1, 'Enter your current password.')
    .max(PASSWORD_MAX),
});
