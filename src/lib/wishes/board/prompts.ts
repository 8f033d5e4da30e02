// The author's prompts for coming wish days. A board copies its prompt when it
// opens; changing the prompt of today's open board updates the board too.
import { boardChanged } from '../../content/scopes.ts';
import { recordChange } from '../../content/version.ts';
import type { Db } from '../../db.ts';
import { ValidationError } from '../../errors.ts';
import { parseInput } from '../../validation.ts';
import { comingWishDates, currentBoardDate, isWishDate, weekdayName, type WishSchedule } from '../../schedule/week.ts';
import { DEFAULT_PROMPT } from './boards.ts';
import { deletePrompt, listBoardDatesOn, listPromptsOn, updateBoardPrompt, upsertPrompt } from './repo.ts';
import { promptInput } from '../input.ts';

interface ComingWishDay {
  date: string;
  /** The author's prompt, or null when the default will be used. */
  prompt: string | null;
  /** True when the board has opened (today). */
  opened: boolean;
}

export async function listComingWishDays(
  db: Db,
  now: Date,
  schedule: WishSchedule,
  count = 8,
): Promise<ComingWishDay[]> {
  const dates = comingWishDates(now, schedule.timeZone, schedule.wishWeekday, count, schedule.openingHour);
  const [prompts, boards] = await Promise.all([listPromptsOn(db, dates), listBoardDatesOn(db, dates)]);
  const promptByDate = new Map(prompts.map((p) => [p.wish_date, p.prompt]));
  const opened = new Set(boards.map((b) => b.wish_date));
  return dates.map((date) => ({ date, prompt: promptByDate.get(date) ?? null, opened: opened.has(date) }));
}

/** Sets (or, with an empty prompt, clears) the prompt of a coming wish day. */
export async function setPrompt(db: Db, raw: unknown, now: Date, schedule: WishSchedule): Promise<{ date: string }> {
  const input = parseInput(promptInput, raw);
  const date = input.wish_date;
  const coming = comingWishDates(now, schedule.timeZone, schedule.wishWeekday, 1, schedule.openingHour)[0]!;
  if (date < coming) {
    throw new ValidationError({ prompt: 'That wish day has passed; set prompts for coming wish days only.' });
  }
  if (!isWishDate(date, schedule.wishWeekday)) {
    throw new ValidationError({
      prompt: `That date is not a wish day: the wish board opens on ${weekdayName(schedule.wishWeekday)}s.`,
    });
  }
  await db.transaction().execute(async (trx) => {
    if (input.prompt === null) {
      await deletePrompt(trx, date);
    } else {
      await upsertPrompt(trx, date, input.prompt, now);
    }
    // Today's board is already open: correct its prompt as well.
    if (date === currentBoardDate(now, schedule.timeZone, schedule.wishWeekday, schedule.openingHour)) {
      await updateBoardPrompt(trx, date, input.prompt ?? DEFAULT_PROMPT);
      await recordChange(trx, boardChanged(date));
    }
  });
  return { date };
}
