// Site settings the author changes at run time, stored as JSON values by key.
import { inTransaction, type Db } from '../db.ts';
import { scope } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../media/limits.ts';
import { DEFAULT_ACCENT } from '../theme/accent.ts';
import { findStoredSettingKey, findStoredSettingValue, listStoredSettings, upsertSettingValues } from './repo.ts';

export interface SiteSettings {
  /** Words that hold a comment, wish or offer for moderation. */
  moderationWords: string[];
  /** Words that mark it as spam. */
  blockedWords: string[];
  /** Close comments on posts older than this many days; null = never. */
  closeCommentsAfterDays: number | null;
  /** Deepest nesting shown in a thread; deeper replies show at this depth. */
  threadDepth: number;
  /** Weeks after a wish when its wisher is asked "How did it go?"; empty = never. */
  followUpWeeks: number[];
  /** Shown in the header, titles and feeds. */
  siteName: string;
  /** One line under the site name, and the default description. */
  tagline: string;
  /** A few sentences about the author (Markdown, rendered with the strict policy). */
  authorBio: string;
  /** The design's accent colour, "#rrggbb" (src/lib/theme/accent.ts makes its light and dark shades). */
  accentColor: string;
  /** The largest image file the editor may upload, in bytes. */
  maxUploadBytes: number;
  /** Days stored IP addresses and visitors' emails are kept (src/lib/privacy/retention.ts). */
  personalDataRetentionDays: number;
  /** Distinct readers' reports that hide a comment, wish or offer until reviewed (moderation/reports.ts). */
  reportThreshold: number;
  /** The local spam filter (moderation/spam/) scores new comments, wishes and offers. */
  spamFilter: boolean;
}

export const DEFAULT_SETTINGS: Readonly<SiteSettings> = Object.freeze({
  moderationWords: [],
  blockedWords: [],
  closeCommentsAfterDays: null,
  threadDepth: 5,
  followUpWeeks: [2, 6],
  siteName: 'Wishcast',
  tagline: 'A community blog with a weekly wish board: share a wish, offer support.',
  authorBio: '',
  accentColor: DEFAULT_ACCENT,
  maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
  personalDataRetentionDays: 90,
  reportThreshold: 3,
  spamFilter: true,
});

const KEYS: Record<keyof SiteSettings, string> = {
  moderationWords: 'moderation_words',
  blockedWords: 'blocked_words',
  closeCommentsAfterDays: 'close_comments_after_days',
  threadDepth: 'thread_depth',
  followUpWeeks: 'follow_up_weeks',
  siteName: 'site_name',
  tagline: 'tagline',
  authorBio: 'author_bio',
  accentColor: 'accent_color',
  maxUploadBytes: 'max_upload_bytes',
  personalDataRetentionDays: 'personal_data_retention_days',
  reportThreshold: 'report_threshold',
  spamFilter: 'spam_filter',
};

export async function getSettings(db: Db): Promise<SiteSettings> {
  const rows = await listStoredSettings(db);
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const settings = { ...DEFAULT_SETTINGS };
  for (const [field, key] of Object.entries(KEYS) as [keyof SiteSettings, string][]) {
    if (stored.has(key)) (settings as Record<string, unknown>)[field] = stored.get(key);
  }
  return settings;
}

export async function updateSettings(db: Db, changes: Partial<SiteSettings>): Promise<void> {
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined) as [keyof SiteSettings, unknown][];
  if (entries.length === 0) return;
  await inTransaction(db, async (trx) => {
    await upsertSettingValues(
      trx,
      entries.map(([field, value]) => ({ key: KEYS[field], value: JSON.stringify(value) })),
    );
    // Settings shape threads, and the site's name and bio are on every page.
    await recordChange(trx, [scope.settings, scope.site]);
  });
}

/** "spam, cheap pills\nfree money" → ["spam", "cheap pills", "free money"] */
export function parseWordList(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const words = raw
    .split(/[\n,]/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0 && w.length <= 100);
  return [...new Set(words)].slice(0, 500);
}

const MAX_FOLLOW_UP_WEEK = 52;

/** "2, 6" → [2, 6]: whole weeks from 1 to 52, sorted, each once; null when something else is in it. */
export function parseWeekList(raw: string | null | undefined): number[] | null {
  if (!raw || raw.trim() === '') return [];
  const parts = raw.split(/[\s,]+/).filter((p) => p.length > 0);
  if (parts.length > 5 || parts.some((p) => !/^\d{1,2}$/.test(p))) return null;
  const weeks = parts.map(Number);
  if (weeks.some((w) => w < 1 || w > MAX_FOLLOW_UP_WEEK)) return null;
  return [...new Set(weeks)].sort((a, b) => a - b);
}

/** The site's name alone, for mail written in any transaction (src/lib/mail/outbox-repo.ts). */
export async function readSiteName(db: Pick<Db, 'selectFrom'>): Promise<string> {
  const row = await findStoredSettingValue(db, KEYS.siteName);
  return typeof row?.value === 'string' && row.value.trim() !== '' ? row.value : DEFAULT_SETTINGS.siteName;
}

/** Whether the author has set this setting (as opposed to it showing its default). */
export async function hasStoredSetting(db: Db, field: keyof SiteSettings): Promise<boolean> {
  const row = await findStoredSettingKey(db, KEYS[field]);
  return row !== undefined;
}
