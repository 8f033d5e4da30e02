// Who is published at once and who is held: WordPress's discussion rules, and the
// local spam filter's score (spam/). Pure, so every case is a unit test.
import type { ModerationStatus } from '../../../db/schema.ts';
import type { SiteSettings } from '../settings/settings.ts';
import { HELD_AT, SPAM_AT } from './spam/thresholds.ts';

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
  /** The spam filter's score (log-odds, spam/filter.ts); null or absent when it is off. */
  spamScore?: number | null;
}

export interface Verdict {
  status: ModerationStatus;
  /** Why it was held or sent to spam, for the queue; null when published. */
  reason: string | null;
  spamScore: number | null;
}

const MAX_LINKS_BEFORE_HOLD = 2;

function containsAny(text: string, words: string[]): boolean {
  const lower = text.toLowerCase();
  return words.some((word) => word.length > 0 && lower.includes(word));
}

function reasonOf(input: ModerationInput): [ModerationStatus, string | null] {
  if (input.contributor === 'author') return ['approved', null];
  if (input.blocked) return ['spam', 'The writer is blocked.'];
  if (containsAny(input.text, input.settings.blockedWords)) return ['spam', 'It contains a blocked word.'];
  const score = input.spamScore ?? null;
  if (score !== null && score >= SPAM_AT) return ['spam', 'The spam filter finds it very likely spam.'];
  if (input.linkCount >= MAX_LINKS_BEFORE_HOLD) return ['pending', `It has ${input.linkCount} links.`];
  if (containsAny(input.text, input.settings.moderationWords)) return ['pending', 'It contains a moderation word.'];
  // The filter only ever adds a hold: it never publishes what a rule holds.
  if (score !== null && score >= HELD_AT) return ['pending', 'The spam filter finds it likely spam.'];
  // An unconfirmed account is no better known than a visitor: otherwise signing up would skip moderation.
  const untrusted = input.contributor === 'visitor' || input.contributor === 'unconfirmed';
  if (untrusted && !input.previouslyApproved) return ['pending', 'A first-time writer.'];
  return ['approved', null];
}

export function judge(input: ModerationInput): Verdict {
  const [status, reason] = reasonOf(input);
  return { status, reason, spamScore: input.spamScore ?? null };
}

export function decideStatus(input: ModerationInput): ModerationStatus {
  return judge(input).status;
}
