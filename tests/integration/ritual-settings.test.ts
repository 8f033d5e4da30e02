// The ritual's settings stored in the database (issue 27): the environment is
// the default, the author's values replace it, bad values are refused beside
// their field, and saving bumps the scopes the board's pages depend on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/config.ts';
import { readVersionDelta } from '../../src/lib/content/version.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import { readRitual, saveRitualFromForm, withStoredRitual } from '../../src/lib/settings/ritual.ts';
import { ensureCurrentBoard } from '../../src/lib/wishes/board/boards.ts';
import { wishSchedule } from '../../src/lib/schedule/week.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';

const environment = readConfig({ WISH_DAY: 'wednesday', SITE_TIMEZONE: 'Europe/Berlin' });

describe.each(dbTargets)('the ritual settings on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDb(target);
  });
  afterAll(() => t?.drop());

  it('follows the environment until the author sets it', async () => {
    expect(await readRitual(t.db, environment)).toEqual({
      wishWeekday: 3,
      openingHour: 0,
      timeZone: 'Europe/Berlin',
    });
  });

  it('refuses an unknown day, hour or zone beside the field', async () => {
    const error = await saveRitualFromForm(t.db, {
      wish_day: 'someday',
      opening_hour: '25',
      time_zone: 'Mars/Base',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['opening_hour', 'time_zone', 'wish_day']);
  });

  it('stores the author’s ritual, which the board then opens by', async () => {
    const before = await readVersionDelta(t.db, null);
    await saveRitualFromForm(t.db, { wish_day: 'friday', opening_hour: '9', time_zone: 'America/New_York' });
    const config = await withStoredRitual(t.db, environment);
    expect(config).toMatchObject({
      wishDay: 'friday',
      wishWeekday: 5,
      wishOpeningHour: 9,
      siteTimezone: 'America/New_York',
    });
    const changed = (await readVersionDelta(t.db, before.version)).changed.map(([scope]) => scope);
    expect(changed).toEqual(expect.arrayContaining(['ritual', 'site', 'boards']));
    // Friday 4 December 2026, 09:30 in New York: this week's board is today's.
    const board = await ensureCurrentBoard(t.db, new Date('2026-12-04T14:30:00Z'), wishSchedule(config));
    expect(board.date).toBe('2026-12-04');
  });
});
