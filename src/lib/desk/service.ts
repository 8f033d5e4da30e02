// The author's desk: what needs doing first (held items), how this week's board
// is going, who wrote lately, who follows, and, until the site is set up, a
// checklist whose every item is checked from the site's real state.
import type { Db } from '../db.ts';
import { countPending, type PendingCounts } from '../moderation/repo.ts';
import {
  countAudience,
  countNewestBoard,
  listRecentComments,
  readSetupFacts,
  type AudienceCounts,
  type BoardCounts,
  type RecentComment,
} from './repo.ts';
import { dayIn, listVisitsPerDay } from './visits.ts';

/** Days the visits chart shows. */
const VISIT_DAYS = 14;

interface ChecklistItem {
  label: string;
  done: boolean;
  /** Where the author does it. */
  href: string;
}

export interface Desk {
  held: PendingCounts & { total: number };
  board: BoardCounts | null;
  recentComments: RecentComment[];
  audience: AudienceCounts;
  checklist: ChecklistItem[];
  /** Visits on each of the last VISIT_DAYS days, oldest first. */
  visits: { day: string; visits: number }[];
  /** Every checklist item is done: the desk no longer shows the list. */
  setUp: boolean;
}

interface DeskOptions {
  now: Date;
  /** Whether mail can leave (SMTP_URL is set). */
  mailConfigured: boolean;
  /** The wish day the site runs on, for the checklist's wording ("wednesday"). */
  wishDay: string;
  /** The site's time zone: the days visits are counted in. */
  timeZone: string;
}

function buildChecklist(
  facts: Awaited<ReturnType<typeof readSetupFacts>>,
  options: Pick<DeskOptions, 'mailConfigured' | 'wishDay'>,
): ChecklistItem[] {
  const named = facts.storedSettings.includes('site_name') && facts.storedSettings.includes('tagline');
  return [
    { label: 'Give the site its name and tagline', done: named, href: '/admin/settings' },
    { label: 'Publish an about page (slug “about”)', done: facts.aboutPublished, href: '/admin/pages/new' },
    { label: 'Publish your first post', done: facts.publishedPosts > 0, href: '/admin/posts/new' },
    {
      label: `Open your first wish board (wish day: ${options.wishDay})`,
      done: facts.boards > 0,
      href: '/admin/prompts',
    },
    { label: 'Let mail leave (set SMTP_URL)', done: options.mailConfigured, href: '/admin/mail' },
  ];
}

export async function readDesk(db: Db, options: DeskOptions): Promise<Desk> {
  const [pending, board, recentComments, audience, facts, visits] = await Promise.all([
    countPending(db),
    countNewestBoard(db),
    listRecentComments(db, 5),
    countAudience(db),
    readSetupFacts(db, options.now),
    listVisitsPerDay(db, dayIn(options.now, options.timeZone), VISIT_DAYS),
  ]);
  const checklist = buildChecklist(facts, options);
  return {
    held: { ...pending, total: pending.comments + pending.wishes + pending.offers },
    board,
    recentComments,
    audience,
    checklist,
    visits,
    setUp: checklist.every((item) => item.done),
  };
}
