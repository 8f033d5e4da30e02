// The settings form: the site's name, tagline and bio; word lists, closing
// comments on old posts, thread depth, follow-up weeks, upload size.
import { z } from 'astro/zod';
import type { Db } from '../db.ts';
import { MAX_UPLOAD_BYTES_CEILING } from '../media/limits.ts';
import { optionalText, parseInput, requiredText } from '../validation.ts';
import { normaliseHex } from '../theme/accent.ts';
import { parseWeekList, parseWordList, updateSettings, type SiteSettings } from './settings.ts';

export const MAX_THREAD_DEPTH = 10;
export const MAX_UPLOAD_MB = MAX_UPLOAD_BYTES_CEILING / (1024 * 1024);
export const SITE_NAME_MAX = 80;
export const TAGLINE_MAX = 200;
export const AUTHOR_BIO_MAX = 2000;

const siteNameField = requiredText('Site name', SITE_NAME_MAX);

function wholeNumber(label: string, min: number, max: number) {
  return z
    .string({ error: `${label} is required.` })
    .trim()
    .regex(/^\d+$/, `${label} must be a whole number.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${label} must be from ${min} to ${max}.`);
}

const settingsInput = z.object({
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
  // Absent from a form that does not show it: the stored value stays.
  report_threshold: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    wholeNumber('Reports', 1, 100).nullish(),
  ),
  // A select, so "off" is sent as such; absent (or not "on"/"off"): the stored value stays.
  spam_filter: z.string().nullish(),
  // The site's identity. Forms that do not carry these fields leave them as they are.
  site_name: z.string().nullish(),
  tagline: optionalText('Tagline', TAGLINE_MAX).optional(),
  author_bio: optionalText('Author bio', AUTHOR_BIO_MAX).optional(),
  accent_color: z
    .string()
    .nullish()
    .refine((v) => v == null || normaliseHex(v) !== null, 'Accent colour must be a colour like #a2461f.'),
});

/** What the form changes: settings an older form does not show are left out; retention has its own form. */
type Optional =
  | 'followUpWeeks'
  | 'maxUploadBytes'
  | 'siteName'
  | 'tagline'
  | 'authorBio'
  | 'reportThreshold'
  | 'accentColor'
  | 'spamFilter';
type SettingsChange = Omit<SiteSettings, Optional | 'personalDataRetentionDays'> &
  Partial<Pick<SiteSettings, Optional>>;

export function settingsFromForm(raw: Record<string, unknown>): SettingsChange {
  const input = parseInput(settingsInput.extend(raw.site_name === undefined ? {} : { site_name: siteNameField }), raw);
  return {
    moderationWords: parseWordList(input.moderation_words),
    blockedWords: parseWordList(input.blocked_words),
    closeCommentsAfterDays: input.close_comments_after_days ?? null,
    threadDepth: input.thread_depth,
    ...(input.follow_up_weeks === undefined ? {} : { followUpWeeks: parseWeekList(input.follow_up_weeks) ?? [] }),
    ...(input.max_upload_mb != null && { maxUploadBytes: input.max_upload_mb * 1024 * 1024 }),
    ...(input.report_threshold != null && { reportThreshold: input.report_threshold }),
    ...((input.spam_filter === 'on' || input.spam_filter === 'off') && { spamFilter: input.spam_filter === 'on' }),
    ...(typeof input.site_name === 'string' ? { siteName: input.site_name } : {}),
    ...(input.tagline === undefined ? {} : { tagline: input.tagline ?? '' }),
    ...(input.author_bio === undefined ? {} : { authorBio: input.author_bio ?? '' }),
    ...(input.accent_color == null ? {} : { accentColor: normaliseHex(input.accent_color)! }),
  };
}

export async function saveSettingsFromForm(db: Db, raw: Record<string, unknown>): Promise<SettingsChange> {
  const settings = settingsFromForm(raw);
  await updateSettings(db, settings);
  return settings;
}
