// Mail on the weekly rhythm: the wish-day reminder (the morning of the wish day
// in the site's zone, with the week's prompt) and the digest (the day after).
// The job runner calls these with `now` as often as it likes, on any number of
// processes: a row in mail_runs per board decides which call sends, inside the
// transaction that queues the mail, so a crash before commit leaves it to the next call.
import { DateTime } from 'luxon';
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import { currentBoardDate, formatWishDay, isWishDay, wishSchedule } from '../schedule/week.ts';
import { ensureCurrentBoard } from '../wishes/board/boards.ts';
import {
  composeMail,
  LINK_SLOT,
  newMessageId,
  type ComposedMail,
  type MailContent,
  type MailSection,
} from './compose.ts';
import { absoluteUrl, mailContextOf, type MailContext } from './context.ts';
import { digestSections } from './digest-content.ts';
import type { MailPreference } from './kinds.ts';
import { manageFollowUrl, queueToFollowers } from './follower-outbox.ts';
import type { FollowChoice } from './followers.ts';
import { enqueueMail, type NewMail } from './outbox-repo.ts';
import { selectSubscribers } from './preferences-repo.ts';
import { claimMailRun, countBoardWishes, recordMailRunRecipients } from './repo.ts';

/** Local hours after which the day's mail goes out. */
const REMINDER_HOUR = 7;
const DIGEST_HOUR = 9;
const CHUNK = 1000;

export type ScheduleConfig = Pick<Config, 'siteUrl' | 'siteTimezone' | 'wishWeekday'> &
  Partial<Pick<Config, 'wishOpeningHour'>>;

interface RunResult {
  /** True for the one call that queued this run's mail. */
  sent: boolean;
  recipients: number;
}

const NOT_NOW: RunResult = { sent: false, recipients: 0 };

/** Queues one template to every subscriber of a kind, and its twin to the followers by email who chose it, once per run key. */
async function sendRun(
  db: Db,
  run: {
    key: string;
    kind: MailPreference & FollowChoice;
    template: ComposedMail;
    /** The same mail for followers without an account: its own reason and a link to change what they get. */
    followerTemplate: ComposedMail;
    now: Date;
    context: MailContext;
  },
): Promise<RunResult> {
  return db.transaction().execute(async (trx) => {
    if (!(await claimMailRun(trx, run.key, run.now))) return NOT_NOW;
    const people = await selectSubscribers(trx, run.kind).execute();
    for (let i = 0; i < people.length; i += CHUNK) {
      // Each recipient's unsubscribe link is minted when their copy is sent.
      const mails: NewMail[] = people.slice(i, i + CHUNK).map((p) => ({
        ...run.template,
        messageId: newMessageId(run.context),
        to: p.email,
        userId: p.id,
        kind: run.kind,
        link: { type: 'unsubscribe', recipient: `u:${p.id}`, kind: run.kind },
        dedupeKey: `${run.key}:${p.id}`,
      }));
      await enqueueMail(trx, mails);
    }
    const followers = await queueToFollowers(trx, {
      choice: run.kind,
      mail: run.followerTemplate,
      dedupePrefix: `${run.key}:follower`,
      context: run.context,
    });
    const recipients = people.length + followers;
    await recordMailRunRecipients(trx, run.key, recipients);
    return { sent: true, recipients };
  });
}

/** A follower's link to change what they get (their stop token, minted at send time). */
function changeSection(context: MailContext): MailSection {
  return {
    title: 'What you get',
    items: [{ label: 'Change what you get, or stop everything', url: manageFollowUrl(context) }],
    empty: '',
  };
}

/** When the wish day's wishes close: "midnight", or the opening hour the next day. */
function closingWords(openingHour: number): string {
  return openingHour === 0 ? 'midnight' : `${String(openingHour).padStart(2, '0')}:00 tomorrow`;
}

/** On the wish day, from REMINDER_HOUR local time: "the board is open", with this week's prompt. */
export async function sendWishDayReminders(db: Db, now: Date, config: ScheduleConfig): Promise<RunResult> {
  const local = DateTime.fromJSDate(now, { zone: config.siteTimezone });
  const openingHour = config.wishOpeningHour ?? 0;
  if (!isWishDay(now, config.siteTimezone, config.wishWeekday, openingHour) || local.hour < REMINDER_HOUR)
    return NOT_NOW;
  const context = mailContextOf(config);
  const board = await ensureCurrentBoard(db, now, wishSchedule(config));
  const content = (reason: string, followers: boolean): MailContent => ({
    subject: `The wish board is open today: ${board.prompt}`,
    paragraphs: [
      `Today, ${formatWishDay(board.date)}, is wish day. The board is open until ${closingWords(openingHour)}.`,
      `This week’s prompt: ${board.prompt}`,
      'Post a wish of your own, and look for a wish you can help with: an introduction, a referral, a skill, a kind word.',
    ],
    action: { label: 'Open the wish board', url: absoluteUrl(context, '/wishes') },
    sections: followers ? [changeSection(context)] : [],
    reason,
  });
  const template = composeMail(
    context,
    content('You get this because you have an account on the site and the wish-day reminder is on.', false),
    LINK_SLOT,
  );
  const followerTemplate = composeMail(
    context,
    content('You get this because you follow this site by email and chose the wish-day reminder.', true),
    LINK_SLOT,
  );
  return sendRun(db, { key: `wish-day:${board.date}`, kind: 'wish-day', template, followerTemplate, now, context });
}

/** The day after the wish day, from DIGEST_HOUR local time: the week in one mail. */
export async function sendWeeklyDigest(db: Db, now: Date, config: ScheduleConfig): Promise<RunResult> {
  const local = DateTime.fromJSDate(now, { zone: config.siteTimezone });
  const yesterday = local.minus({ days: 1 }).toJSDate();
  const openingHour = config.wishOpeningHour ?? 0;
  const { siteTimezone, wishWeekday } = config;
  // The day after the wish day, once its wishes have closed (they close at the opening hour).
  const wishDayOver =
    isWishDay(yesterday, siteTimezone, wishWeekday, openingHour) &&
    !isWishDay(now, siteTimezone, wishWeekday, openingHour);
  if (!wishDayOver || local.hour < DIGEST_HOUR) return NOT_NOW;
  const context = mailContextOf(config);
  const boardDate = currentBoardDate(now, siteTimezone, wishWeekday, openingHour);
  const boardWishes = await countBoardWishes(db, boardDate);
  const sections = await digestSections(db, boardDate, now, context, boardWishes);
  const content = (reason: string, followers: boolean): MailContent => ({
    subject: `This week on the wish board (${formatWishDay(boardDate)})`,
    paragraphs: [
      boardWishes === 0
        ? 'This week’s wish board stayed empty: nobody made a wish. Here is what else happened; next wish day, yours could be the first.'
        : 'Here is the week: wishes that could use a hand, what was written, and what came true.',
    ],
    sections: followers ? [...sections, changeSection(context)] : sections,
    action: { label: 'Open the wish board', url: absoluteUrl(context, `/wishes/${boardDate}`) },
    reason,
  });
  const template = composeMail(
    context,
    content('You get this because you have an account on the site and the weekly digest is on.', false),
    LINK_SLOT,
  );
  const followerTemplate = composeMail(
    context,
    content('You get this because you follow this site by email and chose the weekly digest.', true),
    LINK_SLOT,
  );
  return sendRun(db, { key: `digest:${boardDate}`, kind: 'digest', template, followerTemplate, now, context });
}
