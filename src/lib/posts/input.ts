// The post editor's form: what the browser sends, the limits, and when a post
// goes out (draft, now, or at a time in the site's zone). Pure: no database.
import { z } from 'astro/zod';
import type { PostStatus } from '../../../db/schema.ts';
import { formatDateTime, fromLocalInputValue, toLocalInputValue } from '../dates.ts';
import { ValidationError, type FieldErrors } from '../errors.ts';
import { optionalText, requiredText } from '../validation.ts';
import { parseTagList, slugify, SLUG_MAX } from './slug.ts';
import { excerptFrom } from './map.ts';

export const TITLE_MAX = 200;
export const BODY_MAX = 100_000;
export const EXCERPT_MAX = 500;
export const TAGS_MAX = 20;
const TAG_NAME_MAX = 40;
export const COVER_ALT_MAX = 1000;
const COVER_ALT_REQUIRED = 'Describe the cover image for people who cannot see it.';

const POST_INTENTS = ['draft', 'publish', 'schedule', 'preview'] as const;
type PostIntent = (typeof POST_INTENTS)[number];

const raw = z.string().nullish();

// Alike pages/input.ts rawPageForm: kept apart because the two editors post different fields.
/** The editor form as it arrives: every field text or null (empty fields arrive as null). */
export const rawPostForm = z.object({
  title: raw,
  slug: raw,
  body: raw,
  excerpt: raw,
  tags: raw,
  comments_closed: raw,
  publish_at: raw,
  intent: raw,
  cover_media_id: raw,
  cover_alt: raw,
});
export type RawPostForm = z.infer<typeof rawPostForm>;

const tagsField = optionalText('Tags', 2000)
  .refine(
    (v) => (v ?? '').split(',').every((name) => name.trim().length <= TAG_NAME_MAX),
    `Each tag can be at most ${TAG_NAME_MAX} characters.`,
  )
  .transform(parseTagList)
  .refine((tags) => tags.length <= TAGS_MAX, `Use at most ${TAGS_MAX} tags.`);

const slugField = optionalText('Slug', SLUG_MAX)
  .transform((v) => (v === null ? null : slugify(v)))
  .refine((v) => v !== '', 'Use letters, digits and hyphens, like my-first-post.');

const fields = z.object({
  title: requiredText('Title', TITLE_MAX),
  slug: slugField,
  body: requiredText('Body', BODY_MAX),
  excerpt: optionalText('Excerpt', EXCERPT_MAX),
  tags: tagsField,
  comments_closed: z
    .string()
    .nullish()
    .transform((v) => v != null && v !== ''),
  publish_at: z.string().nullish(),
  intent: z.enum(POST_INTENTS, { error: 'Choose Save draft, Publish, Schedule or Preview.' }),
  cover_media_id: z
    .string()
    .nullish()
    .refine((v) => !v || /^[1-9]\d{0,9}$/.test(v.trim()), 'Choose an image from the media library.')
    .transform((v) => (v && v.trim() ? Number(v.trim()) : null)),
  cover_alt: optionalText('Cover alt text', COVER_ALT_MAX),
});

export interface PostForm {
  title: string;
  /** Normalised; null = generate from the title. */
  slug: string | null;
  bodyMd: string;
  excerpt: string | null;
  tags: string[];
  commentsClosed: boolean;
  intent: PostIntent;
  /** The cover image (an upload's id) and its alt text here, or null. */
  cover: PostCover | null;
  /** When the post goes out; absent for a preview. */
  publication: Publication | null;
}

interface PostCover {
  mediaId: number;
  alt: string;
}

interface Publication {
  status: PostStatus;
  publishedAt: Date | null;
}

export interface ScheduleContext {
  now: Date;
  timeZone: string;
  /** The post as saved, when editing. */
  current: Publication | null;
}

/**
 * Status and date for a save. Publishing keeps the date of a post already out;
 * scheduling needs a future time, read in the site's zone.
 */
export function resolvePublication(
  intent: Exclude<PostIntent, 'preview'>,
  publishAt: string | null | undefined,
  context: ScheduleContext,
): Publication {
  const { now, timeZone, current } = context;
  if (intent === 'draft') return { status: 'draft', publishedAt: null };
  if (intent === 'publish') {
    const alreadyOut =
      current && current.status !== 'draft' && current.publishedAt && current.publishedAt.getTime() <= now.getTime();
    return { status: 'published', publishedAt: alreadyOut ? current.publishedAt : now };
  }
  const value = publishAt?.trim();
  if (!value) throw new ValidationError({ publish_at: 'Choose the date and time to publish.' });
  const at = fromLocalInputValue(value, timeZone);
  if (!at) throw new ValidationError({ publish_at: 'Enter a date and time like 2026-12-01 09:00.' });
  if (at.getTime() <= now.getTime()) {
    throw new ValidationError({
      publish_at: `Choose a time in the future (it is now ${formatDateTime(now, timeZone)}, ${timeZone}).`,
    });
  }
  return { status: 'scheduled', publishedAt: at };
}

/** Checks the whole form at once, so every problem shows beside its field in one go. */
export function readPostForm(input: RawPostForm, context: ScheduleContext): PostForm {
  const errors: FieldErrors = {};
  const parsed = fields.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  }
  let publication: Publication | null = null;
  const intent = parsed.success ? parsed.data.intent : input.intent;
  if (intent === 'draft' || intent === 'publish' || intent === 'schedule') {
    try {
      publication = resolvePublication(intent, input.publish_at, context);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      Object.assign(errors, error.fields);
    }
  }
  // A cover needs words for people who cannot see it (checked here so the message sits beside the field).
  if (parsed.success && parsed.data.cover_media_id !== null && !parsed.data.cover_alt) {
    errors.cover_alt = COVER_ALT_REQUIRED;
  }
  if (!parsed.success || Object.keys(errors).length > 0) throw new ValidationError(errors);
  const data = parsed.data;
  return {
    title: data.title,
    slug: data.slug,
    bodyMd: data.body,
    excerpt: data.excerpt,
    tags: data.tags,
    commentsClosed: data.comments_closed,
    intent: data.intent,
    cover:
      data.cover_media_id === null ? null : { mediaId: data.cover_media_id, alt: data.cover_alt!.replace(/\s+/g, ' ') },
    publication,
  };
}

/** The editor's fields for a saved post (or empty ones for a new post). */
export function formValuesFor(
  post: {
    title: string;
    slug: string;
    bodyMd: string;
    excerpt: string;
    tags: { name: string }[];
    commentsClosed: boolean;
    status: PostStatus;
    publishedAt: Date | null;
    cover?: { mediaId: number; alt: string } | null;
  } | null,
  timeZone: string,
): Record<string, string> {
  if (!post) return {};
  return {
    title: post.title,
    slug: post.slug,
    body: post.bodyMd,
    // A made-up excerpt is shown as none, so saving leaves it made up and it follows the post's opening;
    // only an excerpt the author wrote (one that differs from the opening) is shown, and kept.
    excerpt: post.excerpt === excerptFrom(post.bodyMd) ? '' : post.excerpt,
    tags: post.tags.map((t) => t.name).join(', '),
    comments_closed: post.commentsClosed ? 'on' : '',
    publish_at: post.status === 'scheduled' && post.publishedAt ? toLocalInputValue(post.publishedAt, timeZone) : '',
    cover_media_id: post.cover ? String(post.cover.mediaId) : '',
    cover_alt: post.cover?.alt ?? '',
  };
}

/** What was typed, as the form shows it again (after a preview). */
export function formValuesFromInput(input: RawPostForm): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(input))
    if (key !== 'intent') values[key] = value == null ? '' : String(value);
  return values;
}
