// The settings form: word lists, closing comments on old posts, thread depth, upload size.
import { z } from 'astro/zod';
import type { Db } from '../db.ts';
import { MAX_UPLOAD_BYTES_CEILING } from '../media/limits.ts';
import { optionalText, parseInput } from '../validation.ts';
import { parseWeekList, parseWordList, updateSettings, type SiteSettings } from './settings.ts';

export const MAX_THREAD_DEPTH = 10;
export const MAX_UPLOAD_MB = MAX_UPLOAD_BYTES_CEILING / (1024 * 1024);

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
  // Absent from a form that does not show it: the stored value stays.
  max_upload_mb: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    wholeNumber('Largest upload', 1, MAX_UPLOAD_MB).nullish(),
  ),
});

/** What the form changes: settings an older form does not show are left out; the privacy ones have their own form. */
type Optional = 'followUpWeeks' | 'maxUploadBytes';
export type SettingsChange = Omit<SiteSettings, Optional | 'personalDataRetentionDays' | 'privacyMd'> &
  Partial<Pick<SiteSettings, Optional>>;

export function settingsFromForm(raw: Record<string, unknown>): SettingsChange {
  const input = parseInput(settingsInput, raw);
  return {
    moderationWords: parseWordList(input.moderation_words),
    blockedWords: parseWordList(input.blocked_words),
    closeCommentsAfterDays: input.close_comments_after_days ?? null,
    threadDepth: input.thread_depth,
    ...(input.follow_up_weeks === undefined ? {} : { followUpWeeks: parseWeekList(input.follow_up_weeks) ?? [] }),
    ...(input.max_upload_mb != null && { maxUploadBytes: input.max_upload_mb * 1024 * 1024 }),
  };
}

export async function saveSettingsFromForm(db: Db, raw: Record<string, unknown>): Promise<SettingsChange> {
  const settings = settingsFromForm(raw);
  await updateSettings(db, settings);
  return settings;
}
