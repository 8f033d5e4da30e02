// Dates as readers see them: always in the site's time zone.
import { DateTime } from 'luxon';

/**
 * Intl formatters (what luxon's toLocaleString uses) cost far more to build
 * than to use, and pages format dates by the hundred (search hits, archives):
 * one per time zone and style, kept for the life of the process (a site has one zone).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string, style: 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${style} ${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(
      'en-GB',
      style === 'date'
        ? { year: 'numeric', month: 'long', day: 'numeric', timeZone }
        : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone },
    );
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "27 November 2026", in the site's zone. */
export function formatDate(date: Date, timeZone: string): string {
  return formatterFor(timeZone, 'date').format(date);
}

/** "27 November 2026 at 09:05", in the site's zone. */
export function formatDateTime(date: Date, timeZone: string): string {
  return `${formatDate(date, timeZone)} at ${formatterFor(timeZone, 'time').format(date)}`;
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
