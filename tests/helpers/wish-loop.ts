// Shared set-up for the wish loop's integration tests: people, a clock that
// moves, an outbox that keeps visitors' mail, and the ways of acting.
import type { Role } from '../../db/schema.ts';
import { expect } from 'vitest';
import type { Db } from '../../src/lib/db.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { confirmAddress } from '../../src/lib/mail/address-opt-in.ts';
import { LINK_SLOT } from '../../src/lib/mail/compose.ts';
import { signSubject } from '../../src/lib/mail/tokens.ts';
import { issueManageLink, manageLinkPath, requireManageLink } from '../../src/lib/wishes/visitors/manage-links.ts';
import type { Participant } from '../../src/lib/wishes/loop/participants.ts';
import type { LoopContext, MailSink } from '../../src/lib/wishes/loop/parties.ts';
import type { Actor, WishContext } from '../../src/lib/wishes/service.ts';
import type { OutgoingMail } from '../../src/lib/wishes/visitors/visitor-mail.ts';
import { makeConfirmedAccount } from './fixtures.ts';

export const SITE = 'http://wishcast.test';
export const schedule = { timeZone: 'Europe/Berlin', wishWeekday: 3 };
/** Wednesday 25 November 2026, 10:00 in Berlin. */
export const WISH_DAY = '2026-11-25';
export const START = new Date('2026-11-25T09:00:00Z');

export type Person = { id: string; name: string; role: Role };

export async function makePerson(db: Db, name: string, role: Role = 'reader'): Promise<Person> {
  const a = await makeConfirmedAccount(db, { name, role });
  return { id: a.id, name: a.name, role: a.role };
}

/**
 * Visitors' addresses confirmed, as the link in their confirmation mail does:
 * mail about a wish or an offer goes to a confirmed address only.
 */
export async function confirmVisitorAddresses(db: Db, ...emails: string[]): Promise<void> {
  for (const email of emails) {
    const token = await signSubject(db, { recipient: `e:${email}`, kind: 'confirm-wish' });
    expect(await confirmAddress(db, token, START)).toBe('wish');
  }
}

export function actor(user: Person | null, visitorTokenHash: string | null = null): Actor {
  return { user, ip: null, visitorTokenHash };
}

export function asUser(user: Person): Participant {
  return { user, link: null };
}

/** A visitor acting by a manage link, at `now` (links live MANAGE_LINK_DAYS from their last mail). */
export async function asLink(db: Db, token: string, now: Date = START): Promise<Participant> {
  return { user: null, link: await requireManageLink(db, token, now) };
}

/** Visitors' mail, kept in order, each with its manage link minted as the mail worker would when sending it. */
export function createOutbox(now: () => Date = () => START): { mails: OutgoingMail[]; sendMail: MailSink } {
  const mails: OutgoingMail[] = [];
  return {
    mails,
    sendMail: async (db, mail) => {
      const url = `${SITE}${manageLinkPath(await issueManageLink(db, mail.manageLink, now()))}`;
      mails.push({ ...mail, text: mail.text.replaceAll(LINK_SLOT, url), html: mail.html.replaceAll(LINK_SLOT, url) });
    },
  };
}

/** The manage token in a mail's link. */
export function tokenIn(mail: OutgoingMail): string {
  const match = /\/wishes\/manage\/([A-Za-z0-9_-]{43})/.exec(mail.text);
  expect(match, mail.text).not.toBeNull();
  return match![1]!;
}

/** A clock that moves a minute at each reading, so posting limits stay out of the way. */
export function createClock(start = START) {
  let at = start.getTime();
  return {
    tick(ms = 60_000): Date {
      at += ms;
      return new Date(at);
    },
    set(date: Date): Date {
      at = date.getTime();
      return date;
    },
    now: () => new Date(at),
  };
}

/** Both a WishContext (posting) and a LoopContext (the loop's rules). */
export function wishContext(now: Date, sendMail: MailSink | null): WishContext & LoopContext {
  return { now, schedule, siteUrl: SITE, sendMail, rateLimitFactor: 1000 };
}

export function loopContext(now: Date, sendMail: MailSink | null) {
  return { now, siteUrl: SITE, sendMail, schedule };
}

export async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

export async function noticesOf(db: Db, userId: string) {
  return db
    .selectFrom('notifications')
    .select(['kind', 'message', 'link'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}
