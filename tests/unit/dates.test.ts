// Dates as readers see them, in the site's time zone: the calendar day and the
// clock time there, across midnight and daylight-saving changes.
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../src/lib/dates.ts';
import { formatWishDay } from '../../src/lib/schedule/week.ts';

describe('formatDate and formatDateTime', () => {
  it("name the day in the site's zone, not the server's", () => {
    const lateUtc = new Date('2026-11-27T23:30:00Z');
    expect(formatDate(lateUtc, 'UTC')).toBe('27 November 2026');
    expect(formatDate(lateUtc, 'Asia/Tokyo')).toBe('28 November 2026');
    expect(formatDate(lateUtc, 'America/Los_Angeles')).toBe('27 November 2026');
    expect(formatDate(new Date('2027-01-01T04:00:00Z'), 'America/New_York')).toBe('31 December 2026');
  });

  it('write a 24-hour clock with two digits, midnight as 00', () => {
    expect(formatDateTime(new Date('2026-11-27T09:05:00Z'), 'UTC')).toBe('27 November 2026 at 09:05');
    expect(formatDateTime(new Date('2026-11-27T00:00:00Z'), 'UTC')).toBe('27 November 2026 at 00:00');
    expect(formatDateTime(new Date('2026-11-27T23:59:00Z'), 'Asia/Kolkata')).toBe('28 November 2026 at 05:29');
  });

  it('follow daylight-saving changes', () => {
    // London moves its clocks forward at 01:00 UTC on 29 March 2026.
    expect(formatDateTime(new Date('2026-03-29T00:59:00Z'), 'Europe/London')).toBe('29 March 2026 at 00:59');
    expect(formatDateTime(new Date('2026-03-29T01:00:00Z'), 'Europe/London')).toBe('29 March 2026 at 02:00');
    // And back at 01:00 UTC on 25 October 2026: 01:30 happens twice.
    expect(formatDateTime(new Date('2026-10-25T00:30:00Z'), 'Europe/London')).toBe('25 October 2026 at 01:30');
    expect(formatDateTime(new Date('2026-10-25T01:30:00Z'), 'Europe/London')).toBe('25 October 2026 at 01:30');
  });

  it('give each zone its own answer when a process formats for several', () => {
    const instant = new Date('2026-06-01T12:00:00Z');
    expect(formatDateTime(instant, 'Europe/Berlin')).toBe('1 June 2026 at 14:00');
    expect(formatDateTime(instant, 'Pacific/Auckland')).toBe('2 June 2026 at 00:00');
    expect(formatDateTime(instant, 'Europe/Berlin')).toBe('1 June 2026 at 14:00');
  });
});

describe('formatWishDay', () => {
  it('names a wish day, with the year when asked, the same on every call', () => {
    expect(formatWishDay('2026-12-02')).toBe('Wednesday, 2 December');
    expect(formatWishDay('2026-12-02', { withYear: true })).toBe('Wednesday, 2 December 2026');
    expect(formatWishDay('2026-12-02')).toBe('Wednesday, 2 December');
    expect(formatWishDay('2027-01-06', { withYear: true })).toBe('Wednesday, 6 January 2027');
  });
});
