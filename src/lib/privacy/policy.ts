// How long personal data is kept (the setting the nightly pruning reads). The
// /privacy page itself is a page the author edits at /admin/pages
// (content/pages/privacy.md seeds it).
import { z } from 'astro/zod';
import type { Db } from '../db.ts';
import { updateSettings } from '../settings/settings.ts';
import { parseInput } from '../validation.ts';

const MIN_RETENTION_DAYS = 1;
const MAX_RETENTION_DAYS = 3650;

export const retentionInput = z.object({
  retention_days: z
    .string({ error: 'Days are required.' })
    .trim()
    .regex(/^\d{1,5}$/, 'Days must be a whole number.')
    .transform(Number)
    .refine(
      (n) => n >= MIN_RETENTION_DAYS && n <= MAX_RETENTION_DAYS,
      `Days must be from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS.toLocaleString('en')}.`,
    ),
});

export async function saveRetentionFromForm(db: Db, raw: unknown): Promise<void> {
  const input = parseInput(retentionInput, raw);
  await updateSettings(db, { personalDataRetentionDays: input.retention_days });
}
