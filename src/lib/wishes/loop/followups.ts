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
import { findWishToFollowUp, insertFollowUpUnlessSent, listWishesDueForFollowUp } from './repo.ts';
import { followUpMail } from '../visitors/visitor-mail.ts';

const WEEK_MS = 7 * 86_400_000;

interface FollowUpOptions {
  siteUrl: string;
  sendMail?: MailSink | null;
  /** Defaults to the site setting. */
  weeks?: number[];
}

interface SentFollowUp {
  wishId: number;
  step: number;
}

/**
 * Published wishes still open (not granted, resting or carried forward) for
 * which `step` weeks have passed, but not yet `step + 1` (a wish older than
 * that missed this step, say while the site was down, and is not asked late).
 */
async function selectDue(db: Db, step: number, now: Date) {
  return listWishesDueForFollowUp(
    db,
    step,
    new Date(now.getTime() - (step + 1) * WEEK_MS),
    new Date(now.getTime() - step * WEEK_MS),
  );
}

async function askWisher(trx: Db, wishId: number, step: number, now: Date, options: FollowUpOptions) {
  const wish = await findWishToFollowUp(trx, wishId);
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
        if (!(await insertFollowUpUnlessSent(trx, id, step, now))) return false;
        await askWisher(trx, id, step, now, options);
        return true;
      });
      if (won) sent.push({ wishId: id, step });
    }
  }
  return sent;
}
