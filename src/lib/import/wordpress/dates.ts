// WordPress dates: "2024-05-03 21:30:00" in UTC (the *_gmt fields) or in the
// site's zone; drafts carry "0000-00-00 00:00:00" as their GMT date.
import { DateTime } from 'luxon';

/** A *_gmt value as an instant; null for WordPress's zero date or anything unreadable. */
export function parseGmt(value: string): Date | null {
  if (!value || value.startsWith('0000-00-00')) return null;
  const date = DateTime.fromSQL(value, { zone: 'utc' });
  return date.isValid ? date.toJSDate() : null;
}

/** A local value, read in the zone the old site used (WXR does not record it, so the caller says). */
export function parseLocal(value: string, timeZone: string): Date | null {
  if (!value || value.startsWith('0000-00-00')) return null;
  const date = DateTime.fromSQL(value, { zone: timeZone });
  return date.isValid ? date.toJSDate() : null;
}

/** "2024-05-03 23:30:00" → ["2024", "05", "03"], the parts WordPress builds date permalinks from. */
export function localDateParts(value: string): [string, string, string] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m && m[1] !== '0000' ? [m[1]!, m[2]!, m[3]!] : null;
}
