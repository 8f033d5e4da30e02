// The weekly rhythm of the wish board, as pure functions of the instant `now`,
// the site's IANA time zone and the wish weekday (ISO: 1 = Monday … 7 = Sunday).
// All calendar and offset arithmetic is luxon's; nothing here reads a clock.
import { DateTime } from 'luxon';

export interface WishSchedule {
  timeZone: string;
  /** 1 = Monday … 7 = Sunday. */
  wishWeekday: number;
}

export interface BoardWindow {
  /** Local midnight at the start of the wish day: the board opens, wishes may be posted. */
  opensAt: Date;
  /** Local midnight at the end of the wish day: no more wishes. */
  wishesCloseAt: Date;
  /** Local midnight a week later, when the next board opens: no more offers or cheers. */
  offersCloseAt: Date;
}

export function wishSchedule(config: { siteTimezone: string; wishWeekday: number }): WishSchedule {
  return { timeZone: config.siteTimezone, wishWeekday: config.wishWeekday };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = DateTime.fromISO(value, { zone: 'UTC' });
  return date.isValid && date.toISODate() === value;
}

/** A calendar date as a zone-free value, so adding days never meets a DST change. */
function calendarDate(isoDate: string): DateTime {
  return DateTime.fromISO(isoDate, { zone: 'UTC' });
}

function addDays(isoDate: string, days: number): string {
  return calendarDate(isoDate).plus({ days }).toISODate()!;
}

/** The first instant of a local date (midnight, or the first valid time where midnight is skipped). */
export function startOfLocalDay(isoDate: string, timeZone: string): Date {
  return DateTime.fromISO(isoDate, { zone: timeZone }).startOf('day').toJSDate();
}

export function isWishDay(now: Date, timeZone: string, wishWeekday: number): boolean {
  // The current board's wish day is today exactly while its wishes are open.
  return now.getTime() < currentBoard(now, timeZone, wishWeekday).wishesCloseAt;
}

/** True when a calendar date falls on the wish weekday. */
export function isWishDate(isoDate: string, wishWeekday: number): boolean {
  return isIsoDate(isoDate) && calendarDate(isoDate).weekday === wishWeekday;
}

interface CurrentBoard {
  timeZone: string;
  wishWeekday: number;
  date: string;
  /** Its window (boardWindow) in epoch milliseconds: `date` is the current board from opensAt until offersCloseAt. */
  opensAt: number;
  wishesCloseAt: number;
  offersCloseAt: number;
}

/**
 * The last current board worked out. Pages, forms and the page cache ask for it
 * many times a second, and the answer holds for a week: it is worked out again
 * (with luxon) only for an instant outside the window it holds for, or for
 * another zone or weekday.
 */
let lastBoard: CurrentBoard | null = null;

function currentBoard(now: Date, timeZone: string, wishWeekday: number): CurrentBoard {
  const t = now.getTime();
  const last = lastBoard;
  if (
    last &&
    last.timeZone === timeZone &&
    last.wishWeekday === wishWeekday &&
    last.opensAt <= t &&
    t < last.offersCloseAt
  )
    return last;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const daysSince = (local.weekday - wishWeekday + 7) % 7;
  const date = addDays(local.toISODate()!, -daysSince);
  const window = boardWindow(date, timeZone);
  const board = {
    timeZone,
    wishWeekday,
    date,
    opensAt: window.opensAt.getTime(),
    wishesCloseAt: window.wishesCloseAt.getTime(),
    offersCloseAt: window.offersCloseAt.getTime(),
  };
  lastBoard = board;
  return board;
}

/** The date of the current board: the latest wish day on or before today (local). */
export function currentBoardDate(now: Date, timeZone: string, wishWeekday: number): string {
  return currentBoard(now, timeZone, wishWeekday).date;
}

/**
 * Wishes may be posted during the whole wish day, local midnight to midnight.
 * With a board date, also checks that it is today's board (a replayed form from another week is not).
 */
export function areWishesOpen(now: Date, timeZone: string, wishWeekday: number, boardDate?: string): boolean {
  if (!isWishDay(now, timeZone, wishWeekday)) return false;
  return boardDate === undefined || boardDate === currentBoardDate(now, timeZone, wishWeekday);
}

/** Offers and cheers are open on the current board until the next board opens. */
export function areOffersOpen(now: Date, timeZone: string, wishWeekday: number, boardDate: string): boolean {
  return boardDate === currentBoardDate(now, timeZone, wishWeekday);
}

/** The date of the next board to open (always after today). */
export function nextBoardDate(now: Date, timeZone: string, wishWeekday: number): string {
  return addDays(currentBoardDate(now, timeZone, wishWeekday), 7);
}

/** The instant the next board opens: local midnight of the next wish day. */
export function nextBoardOpensAt(now: Date, timeZone: string, wishWeekday: number): Date {
  // The current board takes offers until the next one opens.
  return new Date(currentBoard(now, timeZone, wishWeekday).offersCloseAt);
}

/** When a board (keyed by its wish-day date) opens, stops taking wishes, and stops taking offers. */
export function boardWindow(boardDate: string, timeZone: string): BoardWindow {
  return {
    opensAt: startOfLocalDay(boardDate, timeZone),
    wishesCloseAt: startOfLocalDay(addDays(boardDate, 1), timeZone),
    offersCloseAt: startOfLocalDay(addDays(boardDate, 7), timeZone),
  };
}

/** The cron pattern for local midnight on the wish weekday (cron counts Sunday as 0). */
export function boardCronPattern(wishWeekday: number): string {
  return `0 0 * * ${wishWeekday % 7}`;
}

/** The next `count` wish-day dates, starting with today when today is one. */
export function comingWishDates(now: Date, timeZone: string, wishWeekday: number, count: number): string[] {
  const first = isWishDay(now, timeZone, wishWeekday)
    ? currentBoardDate(now, timeZone, wishWeekday)
    : nextBoardDate(now, timeZone, wishWeekday);
  return Array.from({ length: count }, (_, i) => addDays(first, 7 * i));
}

/** Names of wish days already formatted: a board's date recurs on every page that names it. */
const wishDayNames = new Map<string, string>();
const MAX_WISH_DAY_NAMES = 4096;

/** "Wednesday, 2 December" (en-GB), for a wish-day date. */
export function formatWishDay(isoDate: string, options: { withYear?: boolean } = {}): string {
  const key = `${options.withYear ? 'y' : 'n'}${isoDate}`;
  let text = wishDayNames.get(key);
  if (text === undefined) {
    text = calendarDate(isoDate)
      .setLocale('en-GB')
      .toFormat(options.withYear ? 'cccc, d LLLL yyyy' : 'cccc, d LLLL');
    // Bounded: over the years, dates are many.
    if (wishDayNames.size >= MAX_WISH_DAY_NAMES) wishDayNames.clear();
    wishDayNames.set(key, text);
  }
  return text;
}

/** The English name of an ISO weekday number, e.g. 3 → "Wednesday". */
export function weekdayName(wishWeekday: number): string {
  // 2024-01-01 was a Monday.
  return calendarDate('2024-01-01')
    .plus({ days: wishWeekday - 1 })
    .setLocale('en-GB')
    .toFormat('cccc');
}

/** The next instant pages change by time alone: the wish board opening or closing. */
export function nextWishDayChange(now: Date, timezone: string, weekday: number): number {
  const opens = nextBoardOpensAt(now, timezone, weekday).getTime();
  const closes = boardWindow(currentBoardDate(now, timezone, weekday), timezone).wishesCloseAt.getTime();
  return closes > now.getTime() ? Math.min(opens, closes) : opens;
}
