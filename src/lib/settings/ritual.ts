// The ritual's settings: the wish day, the hour the board opens and the time
// zone, set by the author in Settings and stored in the database; the
// environment (WISH_DAY, WISH_OPENING_HOUR, SITE_TIMEZONE) is the default.
// Every process follows the stored values: requests through the app's config,
// refreshed when the `ritual` scope changes (server/app.ts), jobs by reading
// them on each run (withStoredRitual).
import { DateTime, IANAZone } from 'luxon';
import { z } from 'astro/zod';
import { WEEKDAYS, type Config } from '../config.ts';
import { scope } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import { inTransaction, type Db } from '../db.ts';
import { nextBoardOpensAt } from '../schedule/week.ts';
import { parseInput } from '../validation.ts';
import { listStoredSettingsIn, upsertSettingValues } from './repo.ts';

interface Ritual {
  /** 1 = Monday … 7 = Sunday. */
  wishWeekday: number;
  /** 0–23, local. */
  openingHour: number;
  /** An IANA zone: also the zone every date on the site is shown in. */
  timeZone: string;
}

type RitualConfig = Pick<Config, 'wishWeekday' | 'wishOpeningHour' | 'siteTimezone'>;

const KEYS = { wishWeekday: 'wish_weekday', openingHour: 'wish_opening_hour', timeZone: 'site_timezone' } as const;

const isWeekday = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 7;
const isHour = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 23;
const isZone = (v: unknown): v is string => typeof v === 'string' && IANAZone.isValidZone(v);

export function ritualOf(config: RitualConfig): Ritual {
  return { wishWeekday: config.wishWeekday, openingHour: config.wishOpeningHour, timeZone: config.siteTimezone };
}

/** The stored ritual, each value falling back to the environment's when unset (or no longer valid). */
export async function readRitual(db: Db, defaults: RitualConfig): Promise<Ritual> {
  const rows = await listStoredSettingsIn(db, Object.values(KEYS));
  const stored = new Map(rows.map((r) => [r.key, r.value as unknown]));
  const fallback = ritualOf(defaults);
  const weekday = stored.get(KEYS.wishWeekday);
  const hour = stored.get(KEYS.openingHour);
  const zone = stored.get(KEYS.timeZone);
  return {
    wishWeekday: isWeekday(weekday) ? weekday : fallback.wishWeekday,
    openingHour: isHour(hour) ? hour : fallback.openingHour,
    timeZone: isZone(zone) ? zone : fallback.timeZone,
  };
}

/** The config with this ritual in it: what pages, actions and jobs read. */
export function withRitual<C extends RitualConfig & Pick<Config, 'wishDay'>>(config: C, ritual: Ritual): C {
  return Object.freeze({
    ...config,
    wishWeekday: ritual.wishWeekday,
    wishDay: WEEKDAYS[ritual.wishWeekday - 1]!,
    wishOpeningHour: ritual.openingHour,
    siteTimezone: ritual.timeZone,
  });
}

/** For a job's run: the config with the ritual as stored now. */
export async function withStoredRitual<C extends RitualConfig & Pick<Config, 'wishDay'>>(
  db: Db,
  config: C,
): Promise<C> {
  return withRitual(config, await readRitual(db, config));
}

const ritualInput = z.object({
  wish_day: z.enum(WEEKDAYS, { error: 'Choose a day of the week.' }),
  opening_hour: z.coerce
    .number({ error: 'Choose an hour.' })
    .int('Choose an hour.')
    .min(0, 'Choose an hour.')
    .max(23, 'Choose an hour.'),
  time_zone: z
    .string({ error: 'Choose a time zone.' })
    .trim()
    .refine((zone) => IANAZone.isValidZone(zone), 'Choose a time zone from the list, such as Europe/Berlin.'),
});

/** Saves the ritual from the Settings form. Every page may show the board's state: all of them change. */
export async function saveRitualFromForm(db: Db, raw: unknown): Promise<Ritual> {
  const input = parseInput(ritualInput, raw);
  const ritual = {
    wishWeekday: WEEKDAYS.indexOf(input.wish_day) + 1,
    openingHour: input.opening_hour,
    timeZone: input.time_zone,
  };
  await inTransaction(db, async (trx) => {
    await upsertSettingValues(trx, [
      { key: KEYS.wishWeekday, value: JSON.stringify(ritual.wishWeekday) },
      { key: KEYS.openingHour, value: JSON.stringify(ritual.openingHour) },
      { key: KEYS.timeZone, value: JSON.stringify(ritual.timeZone) },
    ]);
    await recordChange(trx, [scope.ritual, scope.settings, scope.site, scope.boards]);
  });
  return ritual;
}

/** "Wednesday, 9 December 2026 at 09:00 (Europe/Berlin)": when the next board opens under this ritual. */
export function describeNextOpening(now: Date, ritual: Ritual): string {
  const opens = nextBoardOpensAt(now, ritual.timeZone, ritual.wishWeekday, ritual.openingHour);
  const local = DateTime.fromJSDate(opens, { zone: ritual.timeZone }).setLocale('en-GB');
  return `${local.toFormat("cccc, d LLLL yyyy 'at' HH:mm")} (${ritual.timeZone})`;
}

/** Every IANA zone the runtime knows, for the form's list, with UTC and the zone in use. */
export function timeZoneChoices(current: string): string[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  zones.add(current);
  return [...zones].sort();
}
