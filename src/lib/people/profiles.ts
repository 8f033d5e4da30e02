// Public profiles (/people/<handle>) and the member's own profile form.
import type { OfferKind } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { recordContributorChange } from './changes.ts';
import { ConflictError } from '../errors.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { parseInput } from '../validation.ts';
import { OFFER_KIND_LABELS } from '../wishes/input.ts';
import { renderAvatarHtml } from './avatar-html.ts';
import { renderIdenticon } from './identicon.ts';
import { profileInput } from './input.ts';
import {
  findProfileFields,
  findUserByHandle,
  isHandleTakenByOther,
  listPublicComments,
  listPublicOffers,
  listPublicWishes,
  renameContributions,
  updateProfileRow,
} from './repo.ts';

/** How many of each kind of contribution a profile lists. */
const PROFILE_LIST_LENGTH = 10;

export interface Profile {
  id: string;
  name: string;
  handle: string;
  /** Sanitised by src/lib/markdown when saved; null without a bio. */
  bioHtml: string | null;
  website: string | null;
  isAuthor: boolean;
  memberSince: Date;
  avatarUrl: string;
  /** Their uploaded picture as <picture>, else the identicon; decorative (it sits beside their name). */
  avatarHtml: string;
  comments: { id: number; bodyHtml: string; createdAt: Date; postSlug: string; postTitle: string }[];
  wishes: { id: number; bodyHtml: string; granted: boolean; createdAt: Date; boardDate: string }[];
  offers: { id: number; kindLabel: string; bodyHtml: string; createdAt: Date; wisherName: string; boardDate: string }[];
}

/** The generated avatar's address (an uploaded one takes its place once the image pipeline lands). */
function avatarPath(handle: string): string {
  return `/people/${handle}/avatar.svg`;
}

/** The generated avatar of the member with this handle, as SVG; null when there is none. */
export async function renderAvatar(db: Db, handle: string): Promise<string | null> {
  const user = await findUserByHandle(db, handle.toLowerCase());
  return user ? renderIdenticon(user.id) : null;
}

/** What anyone may see of a member: null when no account has this handle. */
export async function loadProfile(db: Db, handle: string, now: Date): Promise<Profile | null> {
  const user = await findUserByHandle(db, handle.toLowerCase());
  if (!user) return null;
  const [comments, wishes, offers] = await Promise.all([
    listPublicComments(db, user.id, now, PROFILE_LIST_LENGTH),
    listPublicWishes(db, user.id, now, PROFILE_LIST_LENGTH),
    listPublicOffers(db, user.id, now, PROFILE_LIST_LENGTH),
  ]);
  return {
    id: user.id,
    name: user.name,
    handle: user.handle,
    bioHtml: user.bio_html,
    website: user.website,
    isAuthor: user.role === 'author',
    memberSince: user.created_at,
    avatarUrl: avatarPath(user.handle),
    avatarHtml: renderAvatarHtml(user.avatar, { handle: user.handle, px: 96, alt: '', className: 'avatar' }),
    comments: comments.map((c) => ({
      id: c.id,
      bodyHtml: c.body_html,
      createdAt: c.created_at,
      postSlug: c.slug,
      postTitle: c.title,
    })),
    wishes: wishes.map((w) => ({
      id: w.id,
      bodyHtml: w.body_html,
      granted: w.granted_at !== null,
      createdAt: w.created_at,
      boardDate: w.wish_date,
    })),
    offers: offers.map((o) => ({
      id: o.id,
      kindLabel: OFFER_KIND_LABELS[o.kind as OfferKind],
      bodyHtml: o.body_html,
      createdAt: o.created_at,
      wisherName: o.wisher_name,
      boardDate: o.wish_date,
    })),
  };
}

/** The profile form's current values. */
export async function readOwnProfile(db: Db, userId: string) {
  const row = await findProfileFields(db, userId);
  if (!row) return null;
  return { name: row.name, handle: row.handle, bio: row.bio ?? '', website: row.website ?? '' };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

const HANDLE_TAKEN = { handle: 'That handle is taken. Please choose another.' };

/** Saves name, handle, bio and website; the new name shows on everything they wrote. */
export async function updateProfile(db: Db, userId: string, raw: unknown): Promise<{ handle: string }> {
  const input = parseInput(profileInput, raw);
  if (await isHandleTakenByOther(db, input.handle, userId))
    throw new ConflictError('That handle is taken.', HANDLE_TAKEN);
  try {
    await db.transaction().execute(async (trx) => {
      await updateProfileRow(trx, userId, {
        name: input.name,
        handle: input.handle,
        bio: input.bio,
        bio_html: input.bio === null ? null : renderMarkdown(input.bio, 'strict'),
        website: input.website,
      });
      await renameContributions(trx, userId, input.name);
      // Threads link names to profiles: cached pages must show the new name and address.
      await recordContributorChange(trx, userId);
    });
  } catch (error) {
    // Two people claiming the same handle at once: the database's unique index decides.
    if (isUniqueViolation(error)) throw new ConflictError('That handle is taken.', HANDLE_TAKEN);
    throw error;
  }
  return { handle: input.handle };
}
