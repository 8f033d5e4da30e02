// The /privacy page: what Wishcast stores and for how long. The author may
// rewrite it (Markdown, at /admin/privacy); until then this default, written to
// match what the code does, is shown. "{retention_days}" in the text becomes the
// retention setting, so the page never disagrees with the housekeeping job.
import { z } from 'astro/zod';
import type { Db } from '../db.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { getSettings, updateSettings, type SiteSettings } from '../settings/settings.ts';
import { optionalText, parseInput } from '../validation.ts';

export const MAX_PRIVACY_LENGTH = 20_000;
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;
export const RETENTION_PLACEHOLDER = '{retention_days}';

export const DEFAULT_PRIVACY_MD = `Wishcast is a small community blog. It keeps as little about you as it can,
for as short a time as it can, and shares nothing with anyone: no analytics, no advertising, no fonts loaded
from other sites, and avatars are drawn here. (A post may show a picture kept on another site; that site then
sees your visit.)

## If you read

Nothing is stored about you. There are no cookies until you sign in or post something.

## If you comment, wish or offer support without an account

- **What you write, the name and the website you give** are shown with it.
- **Your email** is never shown. It lets the author recognise you: once one of your contributions is
  approved, your next ones are published at once.
- **Your IP address** is kept to stop abuse and spam.
- **A cookie** (\`wishcast_visitor\`, a random value; we store only a fingerprint of it) lets you see what
  you wrote while it waits for approval. It lasts a year.

Your email, your IP address and the cookie's fingerprint are deleted **${RETENTION_PLACEHOLDER} days** after you
posted (your email stays while you ask to be told of replies, until you unsubscribe); what you wrote stays.
After that, a new contribution of yours waits for approval again.

## If you have an account

- **Your email, name, handle, bio and website**, and your password as a one-way hash (nobody can read it).
  Your name, handle, bio and website are public, on your profile page; your email is not.
- **A session cookie** (\`wishcast_session\`; we store only a fingerprint of it) keeps you signed in for up
  to 30 days, and ends when you log out.
- **Your notifications** and whether you want a reminder when the wish board opens.
- **IP addresses** of what you post, deleted after ${RETENTION_PLACEHOLDER} days, and counts of recent
  attempts to log in or post, deleted within two days.

All of it is kept until you delete your account.

## Taking your data and leaving

On [your account page](/account) you can download everything you wrote and everything kept about you, as
one JSON file, and delete your account. When you do, your wishes (with the offers made on them) and
everything tied to your account are deleted, and you are logged out everywhere. Your comments and offers
stay where others answered them, signed "a former member", with their text or without it: you choose.

## Questions

Ask the author of this site: they can see, correct or delete what is stored.`;

/** The privacy text as HTML, with the retention setting filled in. */
export function renderPrivacyPage(settings: Pick<SiteSettings, 'privacyMd' | 'personalDataRetentionDays'>): string {
  const markdown = (settings.privacyMd ?? DEFAULT_PRIVACY_MD).replaceAll(
    RETENTION_PLACEHOLDER,
    String(settings.personalDataRetentionDays),
  );
  return renderMarkdown(markdown, 'post');
}

export async function loadPrivacyPage(db: Db): Promise<{ html: string; isDefault: boolean }> {
  const settings = await getSettings(db);
  return { html: renderPrivacyPage(settings), isDefault: settings.privacyMd === null };
}

export const privacyInput = z.object({
  // Empty means "show the default text again".
  privacy_md: optionalText('Privacy text', MAX_PRIVACY_LENGTH),
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

export async function savePrivacyFromForm(db: Db, raw: unknown): Promise<void> {
  const input = parseInput(privacyInput, raw);
  await updateSettings(db, { privacyMd: input.privacy_md, personalDataRetentionDays: input.retention_days });
}
