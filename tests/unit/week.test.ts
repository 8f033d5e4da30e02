// The wish board's weekly rhythm across time zones and daylight-saving changes.
import { Cron } from 'croner';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  areOffersOpen,
  areWishesOpen,
  boardCronPattern,
  boardWindow,
  comingWishDates,
  currentBoardDate,
  formatWishDay,
  isIsoDate,
  isWishDay,
  nextBoardOpensAt,
  weekdayName,
} from '../../src/lib/schedule/week.ts';

const MON = 1;
const WED = 3;
const SUN = 7;
const at = (iso: string) => new Date(iso);

describe('the wish day in Europe/Berlin (CET, UTC+1 in November)', () => {
  const tz = 'Europe/Berlin';
  it('is closed at Tuesday 23:30 local, though it is already Wednesday nowhere yet', () => {
    const now = at('2026-11-24T22:30:00Z'); // Tue 23:30 CET
    expect(isWishDay(now, tz, WED)).toBe(false);
    expect(areWishesOpen(now, tz, WED)).toBe(false);
    expect(currentBoardDate(now, tz, WED)).toBe('2026-11-18');
    expect(nextBoardOpensAt(now, tz, WED).toISOString()).toBe('2026-11-24T23:00:00.000Z');
  });
  it('is open at Wednesday 00:30 local, while it is still Tuesday in UTC', () => {
    const now = at('2026-11-24T23:30:00Z'); // Wed 00:30 CET
    expect(areWishesOpen(now, tz, WED)).toBe(true);
    expect(currentBoardDate(now, tz, WED)).toBe('2026-11-25');
    expect(areWishesOpen(now, tz, WED, '2026-11-25')).toBe(true);
    expect(areWishesOpen(now, tz, WED, '2026-11-18')).toBe(false);
    expect(nextBoardOpensAt(now, tz, WED).toISOString()).toBe('2026-12-01T23:00:00.000Z');
  });
  it('closes wishes at local midnight but keeps offers open until the next board', () => {
    const thursday = at('2026-11-25T23:00:00Z'); // Thu 00:00 CET
    expect(areWishesOpen(thursday, tz, WED)).toBe(false);
    expect(areOffersOpen(thursday, tz, WED, '2026-11-25')).toBe(true);
    const lastMinute = at('2026-12-01T22:59:59Z'); // Tue 23:59:59
    expect(areOffersOpen(lastMinute, tz, WED, '2026-11-25')).toBe(true);
    const nextBoard = at('2026-12-01T23:00:00Z'); // Wed 00:00
    expect(areOffersOpen(nextBoard, tz, WED, '2026-11-25')).toBe(false);
    expect(areOffersOpen(nextBoard, tz, WED, '2026-12-02')).toBe(true);
  });
  it('opens the next board at local midnight after the spring change (CEST, UTC+2)', () => {
    const now = at('2026-03-25T12:00:00Z'); // Wed 25 March, CET
    expect(currentBoardDate(now, tz, WED)).toBe('2026-03-25');
    expect(nextBoardOpensAt(now, tz, WED).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(boardWindow('2026-03-25', tz)).toEqual({
      opensAt: at('2026-03-24T23:00:00Z'),
      wishesCloseAt: at('2026-03-25T23:00:00Z'),
      offersCloseAt: at('2026-03-31T22:00:00Z'),
    });
  });
});

describe('a wish day that is itself a DST switch day', () => {
  it('Sunday 29 March 2026 in Berlin lasts 23 hours', () => {
    const tz = 'Europe/Berlin';
    const window = boardWindow('2026-03-29', tz);
    expect(window.opensAt.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(window.wishesCloseAt.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(window.wishesCloseAt.getTime() - window.opensAt.getTime()).toBe(23 * 3600_000);
    expect(areWishesOpen(at('2026-03-29T01:30:00Z'), tz, SUN)).toBe(true); // 03:30 CEST, just after the jump
    expect(areWishesOpen(at('2026-03-29T21:30:00Z'), tz, SUN)).toBe(true); // 23:30 CEST
    expect(areWishesOpen(at('2026-03-29T22:30:00Z'), tz, SUN)).toBe(false); // Mon 00:30 CEST
    expect(currentBoardDate(at('2026-03-29T22:30:00Z'), tz, SUN)).toBe('2026-03-29');
    expect(nextBoardOpensAt(at('2026-03-25T12:00:00Z'), tz, SUN).toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });
  it('Sunday 1 November 2026 in Los Angeles lasts 25 hours', () => {
    const tz = 'America/Los_Angeles';
    const window = boardWindow('2026-11-01', tz);
    expect(window.opensAt.toISOString()).toBe('2026-11-01T07:00:00.000Z'); // 00:00 PDT
    expect(window.wishesCloseAt.toISOString()).toBe('2026-11-02T08:00:00.000Z'); // 00:00 PST
    expect(window.wishesCloseAt.getTime() - window.opensAt.getTime()).toBe(25 * 3600_000);
    // 23:30 PST on Sunday is 24.5 hours after midnight: a 24-hour window would already be shut.
    expect(areWishesOpen(at('2026-11-02T07:30:00Z'), tz, SUN)).toBe(true);
    expect(areWishesOpen(at('2026-11-02T08:30:00Z'), tz, SUN)).toBe(false);
    // The repeated hour 01:00–02:00 is inside the day both times.
    expect(areWishesOpen(at('2026-11-01T08:30:00Z'), tz, SUN)).toBe(true);
    expect(areWishesOpen(at('2026-11-01T09:30:00Z'), tz, SUN)).toBe(true);
  });
  it('starts the day at 01:00 where midnight itself is skipped (America/Santiago, 6 September 2026)', () => {
    const tz = 'America/Santiago';
    // Clocks jump from Saturday 24:00 (-04) to Sunday 01:00 (-03): the same instant.
    expect(boardWindow('2026-09-06', tz).opensAt.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(areWishesOpen(at('2026-09-06T03:59:59Z'), tz, SUN)).toBe(false);
    expect(areWishesOpen(at('2026-09-06T04:00:00Z'), tz, SUN)).toBe(true);
  });
});

describe('far from UTC', () => {
  it('Pacific/Auckland (NZDT, UTC+13): Wednesday starts on Tuesday morning UTC', () => {
    const tz = 'Pacific/Auckland';
    expect(areWishesOpen(at('2026-11-24T10:30:00Z'), tz, WED)).toBe(false); // Tue 23:30
    expect(areWishesOpen(at('2026-11-24T11:30:00Z'), tz, WED)).toBe(true); // Wed 00:30
    expect(currentBoardDate(at('2026-11-24T11:30:00Z'), tz, WED)).toBe('2026-11-25');
    expect(boardWindow('2026-11-25', tz).opensAt.toISOString()).toBe('2026-11-24T11:00:00.000Z');
    // Auckland's own DST starts on Sunday 27 September 2026 (02:00 → 03:00).
    expect(nextBoardOpensAt(at('2026-09-24T00:00:00Z'), tz, WED).toISOString()).toBe('2026-09-29T11:00:00.000Z');
    expect(boardWindow('2026-09-23', tz).opensAt.toISOString()).toBe('2026-09-22T12:00:00.000Z');
  });
  it('America/Los_Angeles (PST, UTC−8): Wednesday starts on Wednesday morning UTC', () => {
    const tz = 'America/Los_Angeles';
    expect(areWishesOpen(at('2026-11-25T07:30:00Z'), tz, WED)).toBe(false); // Tue 23:30
    expect(areWishesOpen(at('2026-11-25T08:30:00Z'), tz, WED)).toBe(true); // Wed 00:30
    expect(currentBoardDate(at('2026-11-25T07:30:00Z'), tz, WED)).toBe('2026-11-18');
  });
  it('one instant is Wednesday in Kiritimati (UTC+14) and Tuesday in Pago Pago (UTC−11)', () => {
    const now = at('2026-11-25T05:00:00Z');
    expect(isWishDay(now, 'Pacific/Kiritimati', WED)).toBe(true);
    expect(isWishDay(now, 'Pacific/Pago_Pago', WED)).toBe(false);
    expect(currentBoardDate(now, 'Pacific/Pago_Pago', WED)).toBe('2026-11-18');
  });
});

describe('board dates', () => {
  it('counts back to the latest wish day on or before today, for every weekday', () => {
    // Wednesday 25 November 2026, noon UTC.
    const now = at('2026-11-25T12:00:00Z');
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => currentBoardDate(now, 'UTC', d))).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
  });
  it('crosses month and year ends', () => {
    expect(currentBoardDate(at('2027-01-02T12:00:00Z'), 'UTC', WED)).toBe('2026-12-30');
    expect(nextBoardOpensAt(at('2026-12-31T12:00:00Z'), 'UTC', MON).toISOString()).toBe('2027-01-04T00:00:00.000Z');
  });
  it('lists coming wish days, starting today on a wish day', () => {
    expect(comingWishDates(at('2026-11-25T12:00:00Z'), 'UTC', WED, 3)).toEqual([
      '2026-11-25',
      '2026-12-02',
      '2026-12-09',
    ]);
    expect(comingWishDates(at('2026-11-26T12:00:00Z'), 'UTC', WED, 2)).toEqual(['2026-12-02', '2026-12-09']);
  });
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2026-11-25')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-5', '20261125', '2026-11-25x', 'latest', '']) {
      expect(isIsoDate(bad)).toBe(false);
    }
  });
  it('names days the en-GB way', () => {
    expect(formatWishDay('2026-12-02')).toBe('Wednesday, 2 December');
    expect(formatWishDay('2026-12-02', { withYear: true })).toBe('Wednesday, 2 December 2026');
    expect([1, 3, 7].map(weekdayName)).toEqual(['Monday', 'Wednesday', 'Sunday']);
  });
});

describe('the board job’s schedule (croner) agrees with the rules', () => {
  const cases: [string, string, number][] = [
    ['UTC', '2026-11-24T12:00:00Z', WED],
    ['Europe/Berlin', '2026-11-24T22:30:00Z', WED],
    ['Europe/Berlin', '2026-03-25T12:00:00Z', SUN], // Sunday 29 March: the spring change
    ['America/Los_Angeles', '2026-10-28T12:00:00Z', SUN], // Sunday 1 November: the autumn change
    ['America/Santiago', '2026-09-02T12:00:00Z', SUN], // Sunday 6 September: midnight is skipped
    ['Pacific/Auckland', '2026-09-24T00:00:00Z', WED],
    ['Pacific/Kiritimati', '2026-11-25T05:00:00Z', MON],
  ];
  it.each(cases)('in %s from %s, weekday %i', (tz, from, weekday) => {
    const job = new Cron(boardCronPattern(weekday), { timezone: tz, paused: true });
    try {
      expect(job.nextRun(at(from))?.toISOString()).toBe(nextBoardOpensAt(at(from), tz, weekday).toISOString());
    } finally {
      job.stop();
    }
  });
});

describe('the current board, asked many times in any order', () => {
  // Worked out afresh for each instant, as the schedule did before it kept its last answer.
  const fresh = (now: Date, tz: string, weekday: number) => {
    const local = DateTime.fromJSDate(now, { zone: tz });
    const date = DateTime.fromISO(local.toISODate()!, { zone: 'UTC' })
      .minus({ days: (local.weekday - weekday + 7) % 7 })
      .toISODate()!;
    const next = DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 7 }).toISODate()!;
    return {
      date,
      wishDay: local.weekday === weekday,
      nextOpens: DateTime.fromISO(next, { zone: tz }).startOf('day').toJSDate().getTime(),
    };
  };
  // Zones with daylight-saving changes at or around midnight, and one far from UTC.
  const zones = ['UTC', 'Europe/Berlin', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Pacific/Kiritimati'];

  it('always answers as if worked out afresh, across week, day and daylight-saving boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            // Within a few weeks, so consecutive questions often fall in the same board's week.
            t: fc.integer({ min: Date.UTC(2026, 2, 20), max: Date.UTC(2026, 3, 20) }),
            zone: fc.constantFrom(...zones),
            weekday: fc.integer({ min: 1, max: 7 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (questions) => {
          for (const { t, zone, weekday } of questions) {
            const now = new Date(t);
            const expected = fresh(now, zone, weekday);
            expect(currentBoardDate(now, zone, weekday)).toBe(expected.date);
            expect(isWishDay(now, zone, weekday)).toBe(expected.wishDay);
            expect(nextBoardOpensAt(now, zone, weekday).getTime()).toBe(expected.nextOpens);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('moves on at the very millisecond a board opens and wishes close', () => {
    const tz = 'Europe/Berlin';
    const opens = Date.parse('2026-11-24T23:00:00Z'); // Wednesday 00:00 CET
    const closes = Date.parse('2026-11-25T23:00:00Z'); // Thursday 00:00 CET
    for (const t of [opens - 1, opens, opens + 1, closes - 1, closes, opens - 1, closes]) {
      expect(currentBoardDate(new Date(t), tz, WED)).toBe(t < opens ? '2026-11-18' : '2026-11-25');
      expect(isWishDay(new Date(t), tz, WED)).toBe(t >= opens && t < closes);
    }
  });
});
