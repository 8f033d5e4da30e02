// Visits per day, counted on the server with no cookie and no third party: each
// page a reader is answered with (from the page cache or freshly rendered) adds
// one to its day and class of page. Counts gather in memory and are added to the
// database in one statement every few seconds; a statistic can lose the last
// few seconds of a process that stops.
import type { Db } from '../db.ts';
import { sumVisitsPerDayBetween } from './repo.ts';

type PathClass = 'home' | 'post' | 'board' | 'page';

// Addresses that are not pages a person reads: assets, feeds, files, the author's desk, machines' endpoints.
const NOT_A_READ =
  /^\/(?:_astro|media|admin|api|og|\.well-known|users|nodeinfo|inbox|healthz|_actions|logout|unsubscribe|follow\/stop)(?:\/|$)|\.[a-z0-9]+$/i;
const ROBOT = /bot|crawl|spider|slurp|fetch|monitor|curl|wget|python|go-http|node|lighthouse|headless/i;

/** The class a GET of `path` counts under, or null when it is not a person reading a page. */
export function classifyVisit(
  method: string,
  path: string,
  status: number,
  userAgent: string | null,
): PathClass | null {
  if (method !== 'GET' || status !== 200 || !userAgent || ROBOT.test(userAgent)) return null;
  const pathname = path.split('?', 1)[0]!;
  if (NOT_A_READ.test(pathname)) return null;
  if (pathname === '/' || pathname === '') return 'home';
  if (pathname.startsWith('/posts/')) return 'post';
  if (pathname === '/wishes' || pathname.startsWith('/wishes/')) return 'board';
  return 'page';
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "YYYY-MM-DD" of `now` in `timeZone`. */
export function dayIn(now: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

interface VisitCount {
  day: string;
  pathClass: PathClass;
  visits: number;
}

/** Visits on each of the `days` days up to `lastDay` (oldest first), every class added up; days with none are 0. */
export async function listVisitsPerDay(
  db: Db,
  lastDay: string,
  days: number,
): Promise<{ day: string; visits: number }[]> {
  const end = new Date(`${lastDay}T00:00:00Z`);
  const wanted = Array.from({ length: days }, (_, i) =>
    new Date(end.getTime() - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
  const rows = await sumVisitsPerDayBetween(db, wanted[0]!, lastDay);
  const byDay = new Map(rows.map((r) => [r.day, Number(r.visits)]));
  return wanted.map((day) => ({ day, visits: byDay.get(day) ?? 0 }));
}

/** Counts kept in memory between writes. */
export class VisitTally {
  private counts = new Map<string, number>();

  add(day: string, pathClass: PathClass): void {
    const key = `${day}|${pathClass}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** The counts so far, and an empty tally after. */
  take(): VisitCount[] {
    const taken = [...this.counts].map(([key, visits]) => {
      const [day, pathClass] = key.split('|') as [string, PathClass];
      return { day, pathClass, visits };
    });
    this.counts.clear();
    return taken;
  }
}
