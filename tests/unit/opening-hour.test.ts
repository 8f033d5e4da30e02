// The board's opening hour (issue 27): a board opens at that local hour of the
// wish day, takes wishes for a day and offers until the next one opens; the
// next opening is described in the site's zone; the ritual falls back to the environment.
import { describe, expect, it } from 'vitest';
import {
  areWishesOpen,
  boardWindow,
  currentBoardDate,
  isWishDay,
  nextBoardOpensAt,
} from '../../src/lib/schedule/week.ts';
import { describeNextOpening, withRitual } from '../../src/lib/settings/ritual.ts';
import { readConfig } from '../../src/lib/config.ts';

const WED = 3;
const at = (iso: string) => new Date(iso);

describe('a board that opens at 09:00 in Berlin', () => {
  const tz = 'Europe/Berlin';
  it('is not open before nine on the wish day, and is from nine for a whole day', () => {
    // Wednesday 2 December 2026, 08:59 and 09:00 in Berlin (UTC+1).
    expect(isWishDay(at('2026-12-02T07:59:00Z'), tz, WED, 9)).toBe(false);
    expect(currentBoardDate(at('2026-12-02T07:59:00Z'), tz, WED, 9)).toBe('2026-11-25');
    expect(isWishDay(at('2026-12-02T08:00:00Z'), tz, WED, 9)).toBe(true);
    expect(currentBoardDate(at('2026-12-02T08:00:00Z'), tz, WED, 9)).toBe('2026-12-02');
    // Thursday 08:59 still takes wishes; 09:00 does not.
    expect(areWishesOpen(at('2026-12-03T07:59:00Z'), tz, WED, '2026-12-02', 9)).toBe(true);
    expect(areWishesOpen(at('2026-12-03T08:00:00Z'), tz, WED, '2026-12-02', 9)).toBe(false);
    expect(boardWindow('2026-12-02', tz, 9)).toEqual({
      opensAt: at('2026-12-02T08:00:00Z'),
      wishesCloseAt: at('2026-12-03T08:00:00Z'),
      offersCloseAt: at('2026-12-09T08:00:00Z'),
    });
    expect(nextBoardOpensAt(at('2026-12-02T07:00:00Z'), tz, WED, 9)).toEqual(at('2026-12-02T08:00:00Z'));
  });

  it('keeps the wall-clock hour across a DST change', () => {
    // Sunday 29 March 2026 02:00 is skipped in Berlin; the board of Wednesday 25 March runs to 1 April 09:00 CEST.
    expect(boardWindow('2026-03-25', tz, 9).offersCloseAt).toEqual(at('2026-04-01T07:00:00Z'));
    // An opening hour that the change skips opens at the first valid time after it.
    expect(boardWindow('2026-03-29', tz, 2).opensAt).toEqual(at('2026-03-29T01:00:00Z'));
  });

  it('describes the next opening in the zone', () => {
    const ritual = { wishWeekday: WED, openingHour: 9, timeZone: tz };
    expect(describeNextOpening(at('2026-12-02T07:00:00Z'), ritual)).toBe(
      'Wednesday, 2 December 2026 at 09:00 (Europe/Berlin)',
    );
  });
});

describe('the ritual in the config', () => {
  it('comes from the environment by default, and the stored one replaces it', () => {
    const config = readConfig({ WISH_DAY: 'friday', SITE_TIMEZONE: 'Asia/Tokyo', WISH_OPENING_HOUR: '7' });
    expect(config).toMatchObject({ wishWeekday: 5, wishDay: 'friday', wishOpeningHour: 7, siteTimezone: 'Asia/Tokyo' });
    const stored = withRitual(config, { wishWeekday: 1, openingHour: 0, timeZone: 'UTC' });
    expect(stored).toMatchObject({ wishWeekday: 1, wishDay: 'monday', wishOpeningHour: 0, siteTimezone: 'UTC' });
    expect(() => readConfig({ WISH_OPENING_HOUR: '24' })).toThrow(/WISH_OPENING_HOUR/);
  });
});
