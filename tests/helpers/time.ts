import { DateTime } from 'luxon';

/** Near UTC midnight "today" would change under the test's feet: wait until the new day has begun. */
export async function waitOutMidnight(marginMs = 3 * 60_000): Promise<void> {
  const now = DateTime.utc();
  const untilMidnight = now.plus({ days: 1 }).startOf('day').diff(now).as('milliseconds');
  if (untilMidnight < marginMs) await new Promise((r) => setTimeout(r, untilMidnight + 5_000));
}

/** Today's weekday name in UTC, for WISH_DAY. */
export function todayWeekdayUtc(offsetDays = 0): string {
  return DateTime.utc().plus({ days: offsetDays }).setLocale('en').toFormat('cccc').toLowerCase();
}

export function todayIsoUtc(): string {
  return DateTime.utc().toISODate()!;
}
