// Dates as readers see them: always in the site's time zone.
import { DateTime } from 'luxon';

export function formatDate(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: timeZone }).setLocale('en-GB').toLocaleString(DateTime.DATE_FULL);
}

export function formatDateTime(date: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(date, { zone: timeZone }).setLocale('en-GB');
  return `${local.toLocaleString(DateTime.DATE_FULL)} at ${local.toFormat('HH:mm')}`;
}

/** For a datetime-local input: "2026-11-23T15:04" in the site's zone. */
export function toLocalInputValue(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** Reads a datetime-local value as a time in the site's zone; null if malformed. */
export function fromLocalInputValue(value: string, timeZone: string): Date | null {
  const local = DateTime.fromISO(value, { zone: timeZone });
  return local.isValid ? local.toJSDate() : null;
}
