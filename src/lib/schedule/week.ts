// The weekly rhythm of the wish board, as pure functions of the instant `now`,
// the site's IANA time zone, the wish weekday (ISO: 1 = Monday … 7 = Sunday)
// and the hour the board opens (0 = local midnight, the default; every function
// takes it last and optional). A board runs from its opening on the wish day for
// 24 hours of wishes, and takes offers until the next board opens a week later.
// All calendar and offset arithmetic is luxon's; nothing here reads a clock.
import { DateTime } from 'luxon';

export interface WishSchedule {
  timeZone: string;
  /** 1 = Monday … 7 = Sunday. */
  wishWeekday: number;
  /** The local hour the board opens on the wish day (0–23); 0 when not given. */
  openingHour?: number;
}

interface BoardWindow {
  /** The opening hour of the wish day (local midnight by default): the board opens, wishes may be posted. */
  opensAt: Date;
  /** The same hour a day later: no more wishes. */
  wishesCloseAt: Date;
  /** The same hour a week later, when the next board opens: no more offers or cheers. */
  offersCloseAt: Date;
}

export function wishSchedule(config: {
  siteTimezone: string;
  wishWeekday: number;
  wishOpeningHour?: number;
}): WishSchedule {
  return { timeZone: config.siteTimezone, wishWeekday: config.wishWeekday, openingHour: config.wishOpeningHour ?? 0 };
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
function startOfLocalDay(isoDate: string, timeZone: string): Date {
  return DateTime.fromISO(isoDate, { zone: timeZone }).startOf('day').toJSDate();
}

/** The opening hour of a local date: that wall-clock hour (or the first valid time after it, where it is skipped). */
function localOpening(isoDate: string, timeZone: string, openingHour = 0): Date {
  if (openingHour === 0) return startOfLocalDay(isoDate, timeZone);
  const { year, month, day } = calendarDate(isoDate);
  return DateTime.fromObject({ year, month, day, hour: openingHour }, { zone: timeZone }).toJSDate();
}

export function isWishDay(now: Date, timeZone: string, wishWeekday: number, openingHour = 0): boolean {
  // The current board's wish day is today exactly while its wishes are open.
  return now.getTime() < currentBoard(now, timeZone, wishWeekday, openingHour).wishesCloseAt;
}

/** True when a calendar date falls on the wish weekday. */
export function isWishDate(isoDate: string, wishWeekday: number): boolean {
  return isIsoDate(isoDate) && calendarDate(isoDate).weekday === wishWeekday;
}

interface CurrentBoard {
  timeZone: string;
  wishWeekday: number;
  openingHour: number;
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

function currentBoard(now: Date, timeZone: string, wishWeekday: number, openingHour = 0): CurrentBoard {
  const t = now.getTime();
  const last = lastBoard;
  if (
    last &&
    last.timeZone === timeZone &&
    last.wishWeekday === wishWeekday &&
    last.openingHour === openingHour &&
    last.opensAt <= t &&
    t < last.offersCloseAt
  )
    return last;
  let local = DateTime.fromJSDate(now, { zone: timeZone });
  // Before the opening hour, the day still belongs to yesterday's board week.
  if (local.hour < openingHour) local = local.minus({ days: 1 });
  const daysSince = (local.weekday - wishWeekday + 7) % 7;
  let date = addDays(local.toISODate()!, -daysSince);
  // Where the opening hour is skipped (a DST change), it opens at the first valid time after it.
  if (t < localOpening(date, timeZone, openingHour).getTime()) date = addDays(date, -7);
  const window = boardWindow(date, timeZone, openingHour);
  const board = {
    timeZone,
    wishWeekday,
    openingHour,
    date,
    opensAt: window.opensAt.getTime(),
    wishesCloseAt: window.wishesCloseAt.getTime(),
    offersCloseAt: window.offersCloseAt.getTime(),
  };
  lastBoard = board;
  return board;
}

/** The date of the current board: the latest wish day on or before today (local). */
export function currentBoardDate(now: Date, timeZone: string, wishWeekday: number, openingHour = 0): string {
  return currentBoard(now, timeZone, wishWeekday, openingHour).date;
}

/**
 * Wishes may be posted during the whole wish day, local midnight to midnight.
 * With a board date, also checks that it is today's board (a replayed form from another week is not).
 */
export function areWishesOpen(
  now: Date,
  timeZone: string,
  wishWeekday: number,
  boardDate?: string,
  openingHour = 0,
): boolean {
  if (!isWishDay(now, timeZone, wishWeekday, openingHour)) return false;
  return boardDate === undefined || boardDate === currentBoardDate(now, timeZone, wishWeekday, openingHour);
}

/** Offers and cheers are open on the current board until the next board opens. */
export function areOffersOpen(
  now: Date,
  timeZone: string,
  wishWeekday: number,
  boardDate: string,
  openingHour = 0,
): boolean {
  return boardDate === currentBoardDate(now, timeZone, wishWeekday, openingHour);
}

/** The date of the next board to open (always after today). */
export function nextBoardDate(now: Date, timeZone: string, wishWeekday: number, openingHour = 0): string {
  return addDays(currentBoardDate(now, timeZone, wishWeekday, openingHour), 7);
}

/** The instant the next board opens: local midnight of the next wish day. */
export function nextBoardOpensAt(now: Date, timeZone: string, wishWeekday: number, openingHour = 0): Date {
  // The current board takes offers until the next one opens.
  return new Date(currentBoard(now, timeZone, wishWeekday, openingHour).offersCloseAt);
}

/** When a board (keyed by its wish-day date) opens, stops taking wishes, and stops taking offers. */
export function boardWindow(boardDate: string, timeZone: string, openingHour = 0): BoardWindow {
  return {
    opensAt: localOpening(boardDate, timeZone, openingHour),
    wishesCloseAt: localOpening(addDays(boardDate, 1), timeZone, openingHour),
    offersCloseAt: localOpening(addDays(boardDate, 7), timeZone, openingHour),
  };
}

/** The cron pattern for local midnight on the wish weekday (cron counts Sunday as 0). */
export function boardCronPattern(wishWeekday: number): string {
  return `0 0 * * ${wishWeekday % 7}`;
}

/** The next `count` wish-day dates, starting with today when today is one. */
export function comingWishDates(
  now: Date,
  timeZone: string,
  wishWeekday: number,
  count: number,
  openingHour = 0,
): string[] {
  const first = isWishDay(now, timeZone, wishWeekday, openingHour)
    ? currentBoardDate(now, timeZone, wishWeekday, openingHour)
    : nextBoardDate(now, timeZone, wishWeekday, openingHour);
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
export function nextWishDayChange(now: Date, timezone: string, weekday: number, openingHour = 0): number {
  const opens = nextBoardOpensAt(now, timezone, weekday, openingHour).getTime();
  const current = currentBoardDate(now, timezone, weekday, openingHour);
  const closes = boardWindow(current, timezone, openingHour).wishesCloseAt.getTime();
  return closes > now.getTime() ? Math.min(opens, closes) : opens;
}
