// Archive months are the site zone's months: boundaries with luxon, across DST.
import { describe, expect, it } from 'vitest';
import { formatMonth, monthPath, monthRange, parseMonthParams } from '../../src/lib/posts/archive.ts';
import { pageHref, readPageNumber } from '../../src/lib/posts/paging.ts';

describe('monthRange', () => {
  it('starts and ends months at local midnight in the site zone', () => {
    // Berlin: March starts in CET (UTC+1) and ends in CEST (UTC+2).
    expect(monthRange(2026, 3, 'Europe/Berlin')).toEqual({
      start: new Date('2026-02-28T23:00:00Z'),
      end: new Date('2026-03-31T22:00:00Z'),
    });
    // Auckland: ahead of UTC, so a month starts the previous UTC day; April has the DST end.
    expect(monthRange(2026, 4, 'Pacific/Auckland')).toEqual({
      start: new Date('2026-03-31T11:00:00Z'),
      end: new Date('2026-04-30T12:00:00Z'),
    });
    // December rolls into the next year.
    expect(monthRange(2026, 12, 'America/New_York')).toEqual({
      start: new Date('2026-12-01T05:00:00Z'),
      end: new Date('2027-01-01T05:00:00Z'),
    });
    expect(monthRange(2026, 2, 'UTC')).toEqual({
      start: new Date('2026-02-01T00:00:00Z'),
      end: new Date('2026-03-01T00:00:00Z'),
    });
  });

  it('refuses what is not a month', () => {
    expect(() => monthRange(2026, 13, 'UTC')).toThrow(RangeError);
  });
});

describe('archive URLs', () => {
  it('reads /archive/yyyy/mm and nothing else', () => {
    expect(parseMonthParams('2026', '03')).toEqual({ year: 2026, month: 3 });
    for (const [y, m] of [
      ['2026', '3'],
      ['2026', '13'],
      ['2026', '00'],
      ['26', '03'],
      ['abcd', '03'],
      [undefined, '03'],
    ]) {
      expect(parseMonthParams(y, m)).toBeNull();
    }
    expect(monthPath(2026, 3)).toBe('/archive/2026/03');
    expect(formatMonth(2026, 3)).toBe('March 2026');
  });

  it('reads ?page= strictly', () => {
    expect(readPageNumber(null)).toBe(1);
    expect(readPageNumber('2')).toBe(2);
    expect(readPageNumber('0')).toBeNull();
    expect(readPageNumber('1e3')).toBeNull();
    expect(readPageNumber('-1')).toBeNull();
    expect(pageHref('/tags/x', 1)).toBe('/tags/x');
    expect(pageHref('/tags/x', 3)).toBe('/tags/x?page=3');
  });
});
