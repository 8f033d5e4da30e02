// Boards: one per week, keyed by its wish-day date. Opening one is idempotent
// and safe across processes: the unique wish_date decides which transaction
// creates it, and only that transaction sends the reminders.
import type { BoardRow } from '../../../../db/schema.ts';
import type { Db } from '../../db.ts';
import { ValidationError } from '../../errors.ts';
import { notify } from '../../notifications/notifications.ts';
import { boardWindow, currentBoardDate, isIsoDate, type WishSchedule } from '../../schedule/week.ts';
import { boardChanged } from '../../content/scopes.ts';
import { recordChange } from '../../content/version.ts';
import {
  findBoardRow,
  findExistingBoardRow,
  findPrompt,
  insertBoardUnlessExists,
  listBoardArchiveRows,
  listBoardRowsOpenedSince,
  listWishReminderReaders,
} from './repo.ts';

export const DEFAULT_PROMPT =
  'What do you wish for this week? Name one thing that would help you, and look for a wish you can help with.';

export interface Board {
  id: number;
  date: string;
  prompt: string;
  openedAt: Date;
}

interface OpenedBoard {
  board: Board;
  /** True only for the call whose transaction created the board. */
  created: boolean;
}

function toBoard(row: BoardRow): Board {
  return { id: row.id, date: row.wish_date, prompt: row.prompt, openedAt: row.opened_at };
}

/**
 * Creates the board for a wish-day date with that week's prompt, unless it exists.
 * The inserting transaction alone notifies the readers who asked for a reminder,
 * and only while the board still takes wishes (a board created late, after a
 * restart on another day, does not send a stale "open today").
 */
export async function openBoard(
  db: Db,
  date: string,
  now: Date,
  timeZone: string,
  openingHour = 0,
): Promise<OpenedBoard> {
  if (!isIsoDate(date)) throw new ValidationError({ date: 'A board date must be written YYYY-MM-DD.' });
  return db.transaction().execute(async (trx) => {
    const prompt = (await findPrompt(trx, date)) ?? DEFAULT_PROMPT;
    const inserted = await insertBoardUnlessExists(trx, date, prompt, now);
    if (!inserted) {
      // Under READ COMMITTED this statement sees the row the winning transaction committed.
      const existing = await findExistingBoardRow(trx, date);
      return { board: toBoard(existing), created: false };
    }
    // A new board changes what readers see: every process's page cache must miss.
    await recordChange(trx, boardChanged(date));
    if (now < boardWindow(date, timeZone, openingHour).wishesCloseAt) {
      const readers = await listWishReminderReaders(trx);
      await notify(
        trx,
        readers.map((r) => ({
          userId: r.id,
          kind: 'wish-board-open',
          message: `The wish board is open today: ${prompt}`,
          link: '/wishes',
        })),
      );
    }
    return { board: toBoard(inserted), created: true };
  });
}

export async function findBoardByDate(db: Db, date: string): Promise<Board | null> {
  if (!isIsoDate(date)) return null;
  const row = await findBoardRow(db, date);
  return row ? toBoard(row) : null;
}

/** This week's board, opened now if no process has opened it yet. */
export async function ensureCurrentBoard(db: Db, now: Date, schedule: WishSchedule): Promise<Board> {
  const date = currentBoardDate(now, schedule.timeZone, schedule.wishWeekday, schedule.openingHour);
  return (
    (await findBoardByDate(db, date)) ?? (await openBoard(db, date, now, schedule.timeZone, schedule.openingHour)).board
  );
}

interface BoardSummary {
  date: string;
  prompt: string;
  wishes: number;
  offers: number;
  granted: number;
}

/** Boards up to and including `upToDate`, newest first, with counts of what readers can see. */
export async function listBoardArchive(db: Db, upToDate: string, limit = 520): Promise<BoardSummary[]> {
  const rows = await listBoardArchiveRows(db, upToDate, limit);
  return rows.map((r) => ({
    date: r.wish_date,
    prompt: r.prompt,
    wishes: Number(r.wishes ?? 0),
    offers: Number(r.offers ?? 0),
    granted: Number(r.granted ?? 0),
  }));
}

/** Boards opened at or after `since`, oldest first: what the fediverse's @wishes has news of. */
export async function listBoardsOpenedSince(db: Db, since: Date, limit: number): Promise<Board[]> {
  const rows = await listBoardRowsOpenedSince(db, since, limit);
  return rows.map(toBoard);
}
