// Who is writing on the board and whether what they wrote is published, held or
// spam: shared by wishes and offers, new or edited.
import { isBlocked } from '../moderation/blocks.ts';
import type { ModerationStatus, Role } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { ValidationError } from '../errors.ts';
import { countLinks } from '../markdown/markdown.ts';
import { accountContributor } from '../moderation/accounts.ts';
import { hasApprovedContribution } from '../moderation/repo.ts';
import { decideStatus, judge, type Contributor, type Verdict } from '../moderation/rules.ts';
import { filterScore } from '../moderation/spam/filter.ts';
import { limitPosting } from '../ratelimit/posting.ts';
import type { WishSchedule } from '../schedule/week.ts';
import { getSettings } from '../settings/settings.ts';
import type { LoopContext, MailSink } from './loop/parties.ts';

export interface Actor {
  user: { id: string; name: string; role: Role } | null;
  ip: string | null;
  /** The visitor cookie's hash, stored with a visitor's item so they alone see it while held. */
  visitorTokenHash: string | null;
}

export interface WishContext {
  now: Date;
  schedule: WishSchedule;
  rateLimitFactor?: number;
  /** For absolute links in visitors' mails. */
  siteUrl?: string;
  /** Where visitors' mail goes (the outbox); absent sends none. */
  sendMail?: MailSink | null;
}

export function loopContextOf(context: WishContext): LoopContext {
  return { now: context.now, siteUrl: context.siteUrl ?? '', sendMail: context.sendMail ?? null };
}

export interface Author {
  contributor: Contributor;
  name: string;
  email: string | null;
}

/** Readers write under their account; visitors must give a name and an email. */
export function authorOf(actor: Actor, input: { name?: string | null; email?: string | null }): Author {
  if (actor.user) {
    return { contributor: actor.user.role === 'author' ? 'author' : 'reader', name: actor.user.name, email: null };
  }
  const fields: Record<string, string> = {};
  if (!input.name) fields.name = 'Name is required (or log in).';
  if (!input.email) fields.email = 'Email is required (or log in). It is never shown.';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return { contributor: 'visitor', name: input.name!, email: input.email! };
}

/** Counts the post against the limits, then decides whether it is published, held or spam, and why. */
export async function admit(
  db: Db,
  actor: Actor,
  author: Author,
  input: { body: string; website_url_confirm?: string | null },
  context: WishContext,
): Promise<Verdict> {
  const poster = { userId: actor.user?.id ?? null, isAuthor: author.contributor === 'author', ip: actor.ip };
  await limitPosting(db, poster, context.now, context.rateLimitFactor ?? 1);
  // People never see the honeypot field; whatever fills it is kept as spam for the author to review.
  if (input.website_url_confirm) return { status: 'spam', reason: 'A robot filled the hidden field.', spamScore: null };
  // An account whose email is unconfirmed is held as a first-time visitor is (moderation/accounts.ts).
  const contributor =
    actor.user && author.contributor === 'reader' ? await accountContributor(db, actor.user) : author.contributor;
  const text = `${author.name}\n${input.body}`;
  const settings = await getSettings(db);
  return judge({
    contributor,
    text,
    linkCount: countLinks(input.body),
    previouslyApproved: author.email ? await hasApprovedContribution(db, author.email) : false,
    settings,
    blocked: await isBlocked(db, { userId: actor.user?.id ?? null, email: author.email, ip: actor.ip }),
    spamScore: await filterScore(db, settings, contributor, text),
  });
}

/**
 * The rules' verdict on an edited text. A visitor whose item is already published
 * counts as approved before; words and links are judged afresh. The caller keeps
 * the stricter of old and new status (statusAfterEdit).
 */
export async function judgeEdit(
  db: Db,
  who: { contributor: Contributor; name: string; published: boolean },
  body: string,
): Promise<ModerationStatus> {
  return decideStatus({
    contributor: who.contributor,
    text: `${who.name}\n${body}`,
    linkCount: countLinks(body),
    previouslyApproved: who.published,
    settings: await getSettings(db),
  });
}
