// The settings form: word lists, closing comments on old posts, thread depth.
import { z } from 'astro/zod';
import type { Db } from '../db.ts';
import { optionalText, parseInput } from '../validation.ts';
import { parseWeekList, parseWordList, updateSettings, type SiteSettings } from './settings.ts';

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
  // Absent (an older form) leaves the setting as it is; empty turns follow-ups off.
  follow_up_weeks: z
    .string()
    .nullish()
    .refine(
      (v) => v === undefined || parseWeekList(v) !== null,
      'Follow-up weeks must be up to five whole numbers from 1 to 52, like "2, 6".',
    ),
});

/** What this form sets: not the privacy settings (their own form, src/lib/privacy/policy.ts). */
export type SettingsChange = Omit<SiteSettings, 'followUpWeeks' | 'personalDataRetentionDays' | 'privacyMd'> &
  Partial<Pick<SiteSettings, 'followUpWeeks'>>;

export function settingsFromForm(raw: Record<string, unknown>): SettingsChange {
  const input = parseInput(settingsInput, raw);
  return {
    moderationWords: parseWordList(input.moderation_words),
    blockedWords: parseWordList(input.blocked_words),
    closeCommentsAfterDays: input.close_comments_after_days ?? null,
    threadDepth: input.thread_depth,
    ...(input.follow_up_weeks === undefined ? {} : { followUpWeeks: parseWeekList(input.follow_up_weeks) ?? [] }),
  };
}

export async function saveSettingsFromForm(db: Db, raw: Record<string, unknown>): Promise<SettingsChange> {
  const settings = settingsFromForm(raw);
  await updateSettings(db, settings);
  return settings;
}
