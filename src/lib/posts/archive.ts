// Calendar months as readers in the site's time zone see them. A post
// published at 23:30 on 31 March in Berlin belongs to March, whatever UTC says.
import { DateTime } from 'luxon';
import type { Db } from '../db.ts';
import { countVisiblePostsByMonth } from './repo.ts';

interface MonthCount {
  year: number;
  month: number;
  count: number;
  updatedAt: Date;
}

/** [start, end) of a calendar month in an IANA zone, as instants. */
export function monthRange(year: number, month: number, timeZone: string): { start: Date; end: Date } {
  const start = DateTime.fromObject({ year, month, day: 1 }, { zone: timeZone }).startOf('month');
  if (!start.isValid) throw new RangeError(`Not a month: ${year}-${month} in ${timeZone}`);
  return { start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() };
}

/** "2026", "03" from a URL → the month, or null when it is not a plausible month. */
export function parseMonthParams(
  year: string | undefined,
  month: string | undefined,
): { year: number; month: number } | null {
  if (!year || !month || !/^\d{4}$/.test(year) || !/^\d{2}$/.test(month)) return null;
  const y = Number(year);
  const m = Number(month);
  if (y < 1970 || y > 9999 || m < 1 || m > 12) return null;
  return { year: y, month: m };
}

/** "March 2026". */
export function formatMonth(year: number, month: number): string {
  return DateTime.fromObject({ year, month, day: 1 }).setLocale('en-GB').toFormat('LLLL yyyy');
}

/** "/archive/2026/03". */
export function monthPath(year: number, month: number): string {
  return `/archive/${String(year).padStart(4, '0')}/${String(month).padStart(2, '0')}`;
}

/** Months that have visible posts, newest first, counted in the site's zone. */
export async function listArchiveMonths(db: Db, options: { now: Date; timeZone: string }): Promise<MonthCount[]> {
  const rows = await countVisiblePostsByMonth(db, options.now, options.timeZone);
  return rows.map((row) => {
    const [year, month] = row.month.split('-').map(Number) as [number, number];
    return { year, month, count: Number(row.count), updatedAt: row.updated_at };
  });
}
