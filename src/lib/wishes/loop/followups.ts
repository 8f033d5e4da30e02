// "How did it go?": N weeks after a wish (Settings → follow-up weeks, 2 and 6 by
// default), its wisher is asked, by a notice or (a visitor) a mail. Each
// wish+step is recorded once in wish_followups, and only the transaction whose
// insert wins tells the wisher, so any number of processes may run this at once.
import type { Db } from '../../db.ts';
import { formatWishDay } from '../../schedule/week.ts';
import { markdownToText } from '../../markdown/markdown.ts';
import { getSettings } from '../../settings/settings.ts';
import { followUpLink } from '../links.ts';
import { tellParty, type MailSink } from './parties.ts';
import { followUpMail } from '../visitors/visitor-mail.ts';

const WEEK_MS = 7 * 86_400_000;

export interface FollowUpOptions {
  siteUrl: string;
  sendMail?: MailSink | null;
  /** Defaults to the site setting. */
  weeks?: number[];
}

export interface SentFollowUp {
  wishId: number;
  step: number;
}

/**
 * Published wishes still open (not granted, resting or carried forward) for
 * which `step` weeks have passed, but not yet `step + 1` (a wish older than
 * that missed this step, say while the site was down, and is not asked late).
 */
async function selectDue(db: Db, step: number, now: Date) {
  return db
    .selectFrom('wishes')
    .select(['wishes.id'])
    .where('wishes.status', '=', 'approved')
    .where('wishes.granted_at', 'is', null)
    .where('wishes.rested_at', 'is', null)
    .where('wishes.created_at', '<=', new Date(now.getTime() - step * WEEK_MS))
    .where('wishes.created_at', '>', new Date(now.getTime() - (step + 1) * WEEK_MS))
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('wishes as next').select('next.id').whereRef('next.carried_from_id', '=', 'wishes.id')),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('wish_followups')
            .select('wish_followups.wish_id')
            .whereRef('wish_followups.wish_id', '=', 'wishes.id')
            .where('wish_followups.step', '=', step),
        ),
      ),
    )
    .orderBy('wishes.id')
    .execute();
}

/** Records the step; true only for the one caller whose insert created the row. */
async function claimStep(trx: Db, wishId: number, step: number, now: Date): Promise<boolean> {
  const row = await trx
    .insertInto('wish_followups')
    .values({ wish_id: wishId, step, sent_at: now })
    .onConflict((oc) => oc.columns(['wish_id', 'step']).doNothing())
    .returning('step')
    .executeTakeFirst();
  return row !== undefined;
}

async function askWisher(trx: Db, wishId: number, step: number, now: Date, options: FollowUpOptions) {
  const wish = await trx
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select(['wishes.user_id', 'wishes.author_name', 'wishes.author_email', 'wishes.body_md', 'boards.wish_date'])
    .where('wishes.id', '=', wishId)
    .executeTakeFirstOrThrow();
  await tellParty(
    trx,
    { userId: wish.user_id, email: wish.author_email, name: wish.author_name, subject: { wishId } },
    {
      kind: 'wish-followup',
      message: `How did your wish of ${formatWishDay(wish.wish_date)} go? We would love to hear.`,
      link: followUpLink(wish.wish_date, wishId),
    },
    (base) => followUpMail(base, step, markdownToText(wish.body_md)),
    { now, siteUrl: options.siteUrl, sendMail: options.sendMail ?? null },
  );
}

/** Sends every follow-up due at `now`, each once; returns those this call sent. */
export async function sendDueFollowUps(db: Db, now: Date, options: FollowUpOptions): Promise<SentFollowUp[]> {
  const weeks = options.weeks ?? (await getSettings(db)).followUpWeeks;
  const sent: SentFollowUp[] = [];
  for (const step of [...new Set(weeks)].sort((a, b) => a - b)) {
    for (const { id } of await selectDue(db, step, now)) {
      // One short transaction per wish: the claim and the notice commit together or not at all.
      const won = await db.transaction().execute(async (trx) => {
        if (!(await claimStep(trx, id, step, now))) return false;
        await askWisher(trx, id, step, now, options);
        return true;
      });
      if (won) sent.push({ wishId: id, step });
    }
  }
  return sent;
}
