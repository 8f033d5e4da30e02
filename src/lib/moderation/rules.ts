// Who is published at once and who is held: WordPress's discussion rules.
// Pure, so every case is a unit test.
import type { ModerationStatus } from '../../../db/schema.ts';
import type { SiteSettings } from '../settings/settings.ts';

export type { ModerationStatus };

/** 'unconfirmed': an account whose email is not confirmed yet (anyone can sign up with any address). */
export type Contributor = 'author' | 'reader' | 'unconfirmed' | 'visitor';

export interface ModerationInput {
  contributor: Contributor;
  /** Everything the person wrote that others will see (name, website, body). */
  text: string;
  /** Links in the rendered body. */
  linkCount: number;
  /** A visitor whose email already has approved contributions is trusted; so is an unconfirmed account's item once published. */
  previouslyApproved: boolean;
  settings: Pick<SiteSettings, 'moderationWords' | 'blockedWords'>;
  /** A block covers the writer (blocks.ts): kept as spam, and they are never told. */
  blocked?: boolean;
}

export const MAX_LINKS_BEFORE_HOLD = 2;

function containsAny(text: string, words: string[]): boolean {
  const lower = text.toLowerCase();
  return words.some((word) => word.length > 0 && lower.includes(word));
}

export function decideStatus(input: ModerationInput): ModerationStatus {
  if (input.contributor === 'author') return 'approved';
  if (input.blocked) return 'spam';
  if (containsAny(input.text, input.settings.blockedWords)) return 'spam';
  if (input.linkCount >= MAX_LINKS_BEFORE_HOLD) return 'pending';
  if (containsAny(input.text, input.settings.moderationWords)) return 'pending';
  // An unconfirmed account is no better known than a visitor: otherwise signing up would skip moderation.
  const untrusted = input.contributor === 'visitor' || input.contributor === 'unconfirmed';
  if (untrusted && !input.previouslyApproved) return 'pending';
  return 'approved';
}
