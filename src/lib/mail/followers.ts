// Following the site by email, no account needed (issue 26). Double opt-in: a
// request queues one confirmation mail (at most one a day per address, within
// the address's share of stranger mail, stranger-limit.ts); what the person
// picked travels in the link's signed token, not in the table, so the row gets
// its choices only from the POST on /follow/confirm. Every later mail carries a
// signed "stop" token (one-click, RFC 8058) that also opens /follow/manage.
// No token is stored: links are minted at send time (live-links.ts).
import type { FollowChoice, LiveLinkJson } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { forgetHits, takeHit, type LimitRule } from '../ratelimit/ratelimit.ts';
import { composeMail, LINK_SLOT } from './compose.ts';
import type { MailContext } from './context.ts';
import {
  CHOICE_COLUMN,
  clearFollowerChoice,
  deleteFollower,
  deleteFollowerWithoutChoices,
  findFollowerRow,
  insertWaitingFollower,
  updateConfirmedFollowerChoices,
  upsertConfirmedFollower,
} from './followers-repo.ts';
import { deleteQueuedMailTo, enqueueMail } from './outbox-repo.ts';
import { mayMailStranger } from './stranger-limit.ts';
import { verifySubject, type SignedSubject } from './tokens.ts';

export type { FollowChoice };

export const FOLLOW_CHOICES: readonly FollowChoice[] = ['posts', 'wish-day', 'digest'];

export const FOLLOW_LABELS: Record<FollowChoice, string> = {
  posts: 'Every new post',
  'wish-day': 'The wish-day reminder, on the morning the board opens',
  digest: 'The weekly digest, the day after the wish day',
};

/** The outbox kind of each choice's mail. */
export const FOLLOW_MAIL_KIND: Record<FollowChoice, string> = {
  posts: 'follow-posts',
  'wish-day': 'follow-wish-day',
  digest: 'follow-digest',
};

/** Follow requests per client address, and per followed address (beside the stranger-mail limit). */
const FOLLOW_LIMITS = {
  perIp: [{ limit: 10, windowSeconds: 3600 }] as LimitRule[],
  perEmail: [{ limit: 5, windowSeconds: 86_400 }] as LimitRule[],
};

const RECIPIENT = 'f:';
const CONFIRM = 'follow-confirm:';
const STOP = 'follow-stop:';

type FollowLink = Extract<LiveLinkJson, { type: 'follow-confirm' | 'follow-stop' }>;

/** What a follower's link signs: the address, and the choices to confirm or the one to stop. */
export function followSubject(link: FollowLink): SignedSubject {
  return link.type === 'follow-confirm'
    ? { recipient: `${RECIPIENT}${link.email}`, kind: `${CONFIRM}${link.choices.join(',')}` }
    : { recipient: `${RECIPIENT}${link.email}`, kind: `${STOP}${link.choice}` };
}

function isChoice(value: string): value is FollowChoice {
  return (FOLLOW_CHOICES as readonly string[]).includes(value);
}

type FollowToken =
  | { type: 'follow-confirm'; email: string; choices: FollowChoice[] }
  | { type: 'follow-stop'; email: string; choice: FollowChoice };

/** What a follower's token says, or null when it is not a valid one of ours. */
export async function readFollowToken(db: Db, token: string): Promise<FollowToken | null> {
  const subject = await verifySubject(db, token);
  if (!subject || !subject.recipient.startsWith(RECIPIENT)) return null;
  const email = subject.recipient.slice(RECIPIENT.length);
  if (subject.kind.startsWith(CONFIRM)) {
    const choices = subject.kind.slice(CONFIRM.length).split(',');
    return choices.every(isChoice) ? { type: 'follow-confirm', email, choices } : null;
  }
  if (subject.kind.startsWith(STOP)) {
    const choice = subject.kind.slice(STOP.length);
    return isChoice(choice) ? { type: 'follow-stop', email, choice } : null;
  }
  return null;
}

export interface Follower {
  email: string;
  choices: FollowChoice[];
  source: 'form' | 'account' | 'import';
  createdAt: Date;
  confirmedAt: Date | null;
}

type FollowerRow = {
  email: string;
  wants_posts: boolean;
  wants_wish_day: boolean;
  wants_digest: boolean;
  source: 'form' | 'account' | 'import';
  created_at: Date;
  confirmed_at: Date | null;
};

export function toFollower(row: FollowerRow): Follower {
  return {
    email: row.email,
    choices: FOLLOW_CHOICES.filter((c) => row[CHOICE_COLUMN[c]]),
    source: row.source,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
  };
}

export async function findFollower(db: Pick<Db, 'selectFrom'>, email: string): Promise<Follower | null> {
  const row = await findFollowerRow(db, email);
  return row ? toFollower(row) : null;
}

function choiceColumns(choices: readonly FollowChoice[]) {
  return {
    wants_posts: choices.includes('posts'),
    wants_wish_day: choices.includes('wish-day'),
    wants_digest: choices.includes('digest'),
  };
}

interface FollowRequest {
  email: string;
  choices: FollowChoice[];
  source: 'form' | 'account' | 'import';
  now: Date;
  /** The client's address, for the per-IP limit; null for an import (the author's own act). */
  ip: string | null;
  rateLimitFactor?: number;
}

/**
 * Asks the address to confirm: one mail a day at most, and none past the
 * address's share of stranger mail. The answer is the same whether or not a
 * mail went (or the address already follows): the mail tells the truth.
 * Throws RateLimitedError past the per-IP or per-address limit.
 */
export async function requestFollow(db: Db, input: FollowRequest, context: MailContext): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const buckets = [{ bucket: `follow:email:${email}`, rules: FOLLOW_LIMITS.perEmail }];
  if (input.ip) buckets.push({ bucket: `follow:ip:${input.ip}`, rules: FOLLOW_LIMITS.perIp });
  await takeHit(db, buckets, input.now, input.rateLimitFactor);
  // Waiting rows let the author see who was asked; they get nothing until confirmed.
  await insertWaitingFollower(db, { email, source: input.source, now: input.now });
  const hits = await mayMailStranger(db, email, input.now);
  if (hits === null) return;
  const picked = input.choices.map((c) => FOLLOW_LABELS[c].split(',')[0]!.toLowerCase());
  const given =
    input.source === 'import'
      ? 'The author of this site added this address to the people who follow it by email, saying you agreed to it.'
      : 'Someone (we hope you) asked to follow this site by email with this address.';
  const mail = composeMail(
    context,
    {
      subject: 'Confirm: follow by email',
      paragraphs: [
        given,
        `You would get: ${picked.join('; ')}.`,
        'Nothing is sent until you confirm. If this was not you, ignore this mail and you will hear nothing more.',
      ],
      action: { label: 'Yes, follow by email', url: LINK_SLOT },
      reason: 'You get this because this address was given to follow the site.',
    },
    null,
  );
  const day = input.now.toISOString().slice(0, 10);
  const queued = await enqueueMail(db, {
    ...mail,
    to: email,
    kind: 'follow-confirm',
    link: { type: 'follow-confirm', email, choices: input.choices },
    dedupeKey: `follow-confirm:${email}:${day}`,
  });
  if (queued === 0) await forgetHits(db, hits);
}

/** The confirmation's POST: the address follows with the choices its link carries. Null for an invalid link. */
export async function confirmFollow(db: Db, token: string, now: Date): Promise<Follower | null> {
  const read = await readFollowToken(db, token);
  if (!read || read.type !== 'follow-confirm') return null;
  const row = await upsertConfirmedFollower(db, read.email, choiceColumns(read.choices), now);
  return toFollower(row);
}

/** Sets what a confirmed follower gets; none at all forgets the address. */
export async function setFollowChoices(db: Db, email: string, choices: FollowChoice[]): Promise<void> {
  if (choices.length === 0) {
    await forgetFollower(db, email);
    return;
  }
  await updateConfirmedFollowerChoices(db, email, choiceColumns(choices));
}

/** One-click stop of one choice; the address goes once nothing is left. */
export async function stopFollowChoice(db: Db, email: string, choice: FollowChoice): Promise<void> {
  await clearFollowerChoice(db, email, choice);
  await deleteFollowerWithoutChoices(db, email);
}

/** The address is gone: no row, nothing more mailed (queued mail to it is dropped too). */
export async function forgetFollower(db: Db, email: string): Promise<boolean> {
  const gone = await deleteFollower(db, email);
  await deleteQueuedMailTo(db, email, [...Object.values(FOLLOW_MAIL_KIND), 'follow-confirm']);
  return gone;
}
