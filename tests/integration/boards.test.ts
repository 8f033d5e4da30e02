// Boards open once per week, however many processes try at once, with the week's prompt
// and one reminder per reader who asked for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobContext } from '../../src/server/jobs.ts';
import { readConfig } from '../../src/lib/config.ts';
import { createDb, type Db } from '../../src/lib/db.ts';
import { startBackgroundJobs } from '../../src/server/jobs.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import {
  DEFAULT_PROMPT,
  ensureCurrentBoard,
  findBoardByDate,
  listBoardArchive,
  openBoard,
} from '../../src/lib/wishes/board/boards.ts';
import { listComingWishDays, setPrompt } from '../../src/lib/wishes/board/prompts.ts';
import { setWishReminder } from '../../src/lib/wishes/service.ts';
import { dbTargets, openTestDb, type TestDatabase } from '../helpers/db.ts';
import { makeAccount } from '../helpers/fixtures.ts';

const WED = { timeZone: 'UTC', wishWeekday: 3 };

async function remindersFor(db: Db, userId: string) {
  return db
    .selectFrom('notifications')
    .select(['message', 'link'])
    .where('user_id', '=', userId)
    .where('kind', '=', 'wish-board-open')
    .execute();
}

describe.each(dbTargets)('wish boards on %s', (target) => {
  let t: TestDatabase;
  let keen: string;
  let quiet: string;

  beforeAll(async () => {
    t = await openTestDb(target);
    keen = (await makeAccount(t.db, { name: 'Keen' })).id;
    quiet = (await makeAccount(t.db, { name: 'Quiet' })).id;
    await setWishReminder(t.db, keen, true);
  });
  afterAll(() => t?.drop());

  it("opens a board with the week's prompt once, and reminds only readers who asked", async () => {
    await t.db
      .insertInto('prompts')
      .values({ wish_date: '2026-01-07', prompt: 'Who would you love to meet?' })
      .execute();
    const now = new Date('2026-01-07T00:00:01Z');
    const first = await openBoard(t.db, '2026-01-07', now, 'UTC');
    expect(first.created).toBe(true);
    expect(first.board).toMatchObject({ date: '2026-01-07', prompt: 'Who would you love to meet?' });
    const again = await openBoard(t.db, '2026-01-07', new Date('2026-01-07T09:00:00Z'), 'UTC');
    expect(again).toEqual({ board: first.board, created: false });
    expect(await remindersFor(t.db, keen)).toEqual([
      { message: 'The wish board is open today: Who would you love to meet?', link: '/wishes' },
    ]);
    expect(await remindersFor(t.db, quiet)).toEqual([]);
  });

  it('uses the default prompt when none is set, and sends no stale reminder for a board opened late', async () => {
    // The server was down all Wednesday; the first request comes on Friday.
    const friday = new Date('2026-01-16T08:00:00Z');
    const board = await ensureCurrentBoard(t.db, friday, WED);
    expect(board).toMatchObject({ date: '2026-01-14', prompt: DEFAULT_PROMPT });
    expect((await remindersFor(t.db, keen)).length).toBe(1); // only January 7th's
    expect(await ensureCurrentBoard(t.db, new Date('2026-01-20T23:59:59Z'), WED)).toEqual(board);
  });

  it('refuses a malformed board date', async () => {
    await expect(openBoard(t.db, '2026-02-30', new Date(), 'UTC')).rejects.toThrow(ValidationError);
    expect(await findBoardByDate(t.db, 'nope')).toBeNull();
  });

  it('creates exactly one board and one set of reminders under concurrent openings', async () => {
    const date = '2026-02-04';
    const now = new Date('2026-02-04T00:00:00Z');
    // Two app processes: two separate connection pools on PostgreSQL; one PGlite handle otherwise.
    const second = t.url ? createDb({ databaseUrl: t.url, dataDir: '' }) : null;
    try {
      const handles = second ? [t.db, second] : [t.db];
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => openBoard(handles[i % handles.length]!, date, now, 'UTC')),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.board.id)).size).toBe(1);
      const boards = await t.db.selectFrom('boards').select('id').where('wish_date', '=', date).execute();
      expect(boards).toHaveLength(1);
      const reminders = await remindersFor(t.db, keen);
      expect(reminders.filter((r) => r.message.startsWith('The wish board is open today'))).toHaveLength(2);
    } finally {
      await second?.destroy();
    }
  });

  it('lets the author set prompts for coming wish days only, on the wish weekday', async () => {
    const monday = new Date('2026-03-02T10:00:00Z');
    const days = await listComingWishDays(t.db, monday, WED, 3);
    expect(days.map((d) => d.date)).toEqual(['2026-03-04', '2026-03-11', '2026-03-18']);
    await setPrompt(t.db, { wish_date: '2026-03-11', prompt: '  What would make next month lighter?  ' }, monday, WED);
    expect((await listComingWishDays(t.db, monday, WED, 3))[1]).toEqual({
      date: '2026-03-11',
      prompt: 'What would make next month lighter?',
      opened: false,
    });
    const refusal = (input: unknown) => setPrompt(t.db, input, monday, WED).catch((e: unknown) => e);
    expect(((await refusal({ wish_date: '2026-02-25', prompt: 'Too late' })) as ValidationError).fields.prompt).toMatch(
      /has passed/,
    );
    expect(
      ((await refusal({ wish_date: '2026-03-12', prompt: 'Thursday?' })) as ValidationError).fields.prompt,
    ).toMatch(/not a wish day.*Wednesdays/);
    expect(((await refusal({ wish_date: '2026-3-11', prompt: 'x' })) as ValidationError).fields.wish_date).toBeTruthy();
    // Cleared: back to the default.
    await setPrompt(t.db, { wish_date: '2026-03-11', prompt: null }, monday, WED);
    expect((await listComingWishDays(t.db, monday, WED, 3))[1]!.prompt).toBeNull();
  });

  it("corrects today's open board when its prompt changes", async () => {
    const wednesday = new Date('2026-03-04T09:00:00Z');
    await ensureCurrentBoard(t.db, wednesday, WED);
    await setPrompt(t.db, { wish_date: '2026-03-04', prompt: 'A better question' }, wednesday, WED);
    expect((await findBoardByDate(t.db, '2026-03-04'))!.prompt).toBe('A better question');
    const days = await listComingWishDays(t.db, wednesday, WED, 1);
    expect(days).toEqual([{ date: '2026-03-04', prompt: 'A better question', opened: true }]);
  });

  it('opens a board missed while the server was down when the jobs start', async () => {
    // A process starting on Thursday 9 April 2026 in Auckland, wish day Wednesday: April 8th's board is due.
    const config = readConfig({ WISH_DAY: 'wednesday', SITE_TIMEZONE: 'Pacific/Auckland' });
    const app = { config, db: t.db, now: () => new Date('2026-04-08T13:00:00Z') } satisfies JobContext;
    const stop = startBackgroundJobs(app);
    try {
      let board = null;
      for (let i = 0; i < 100 && !board; i++) {
        board = await findBoardByDate(t.db, '2026-04-08');
        if (!board) await new Promise((r) => setTimeout(r, 20));
      }
      expect(board).toMatchObject({ date: '2026-04-08', prompt: DEFAULT_PROMPT });
    } finally {
      await stop();
    }
  });

  it('lists boards up to the current one, newest first', async () => {
    const archive = await listBoardArchive(t.db, '2026-04-08');
    expect(archive.map((b) => b.date)).toEqual(['2026-04-08', '2026-03-04', '2026-02-04', '2026-01-14', '2026-01-07']);
    expect(archive[0]).toMatchObject({ wishes: 0, offers: 0, granted: 0 });
  });
});
