// The author's site settings form.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../server/app.ts';
import { saveRetentionFromForm } from '../lib/privacy/policy.ts';
import { saveSettingsFromForm } from '../lib/settings/input.ts';
import { saveRitualFromForm } from '../lib/settings/ritual.ts';
import { audit } from '../server/audit.ts';
import { run } from '../server/action-errors.ts';
import { requireAuthor } from '../server/session.ts';

const text = z.string().nullish();

export const settings = {
  update: defineAction({
    accept: 'form',
    input: z.object({
      moderation_words: text,
      blocked_words: text,
      close_comments_after_days: text,
      thread_depth: text,
      follow_up_weeks: text,
      site_name: text,
      tagline: text,
      author_bio: text,
      accent_color: text,
      max_upload_mb: text,
      report_threshold: text,
      spam_filter: text,
    }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        await saveSettingsFromForm(getApp().db, input);
        await audit(context, { action: 'settings.update', subject: 'site settings' });
        return { redirectTo: '/admin/settings?saved=1' };
      }),
  }),

  /** The wish day, opening hour and time zone: every process follows them from the next request. */
  updateRitual: defineAction({
    accept: 'form',
    input: z.object({ wish_day: text, opening_hour: text, time_zone: text }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        await saveRitualFromForm(getApp().db, input);
        return { redirectTo: '/admin/settings?saved=ritual' };
      }),
  }),

  updatePrivacy: defineAction({
    accept: 'form',
    input: z.object({ retention_days: text }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        await saveRetentionFromForm(getApp().db, input);
        await audit(context, {
          action: 'settings.privacy',
          subject: 'retention',
          detail: `${input.retention_days ?? ''} days`,
        });
        return { redirectTo: '/admin/privacy?saved=1' };
      }),
  }),
};
