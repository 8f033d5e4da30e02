// The settings form: word lists, closing comments on old posts, thread depth.
import { z } from 'astro/zod';
import type { Db } from '../db.ts';
import { optionalText, parseInput } from '../validation.ts';
import { parseWordList, updateSettings, type SiteSettings } from './settings.ts';

export const MAX_THREAD_DEPTH = 10;

function wholeNumber(label: string, min: number, max: number) {
  return z
    .string({ error: `${label} is required.` })
    .trim()
    .regex(/^\d+$/, `${label} must be a whole number.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${label} must be from ${min} to ${max}.`);
}

export const settingsInput = z.object({
  moderation_words: optionalText('Moderation words', 10_000),
  blocked_words: optionalText('Blocked words', 10_000),
  // Empty means never close.
  close_comments_after_days: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    wholeNumber('Days', 1, 36_500).nullish(),
  ),
  thread_depth: wholeNumber('Thread depth', 1, MAX_THREAD_DEPTH),
});

/** The settings this form sets (the privacy ones have their own form: src/lib/privacy/policy.ts). */
export type DiscussionSettings = Pick<
  SiteSettings,
  'moderationWords' | 'blockedWords' | 'closeCommentsAfterDays' | 'threadDepth'
>;

export function settingsFromForm(raw: Record<string, unknown>): DiscussionSettings {
  const input = parseInput(settingsInput, raw);
  return {
    moderationWords: parseWordList(input.moderation_words),
    blockedWords: parseWordList(input.blocked_words),
    closeCommentsAfterDays: input.close_comments_after_days ?? null,
    threadDepth: input.thread_depth,
  };
}

export async function saveSettingsFromForm(db: Db, raw: Record<string, unknown>): Promise<DiscussionSettings> {
  const settings = settingsFromForm(raw);
  await updateSettings(db, settings);
  return settings;
}
