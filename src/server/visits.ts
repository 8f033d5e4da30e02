// Counts each page answered to a reader (src/lib/desk/visits.ts), from the
// listener, where cached and rendered answers alike pass; the counts are written
// to the database every few seconds, in one statement, off the request's path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addVisits } from '../lib/desk/repo.ts';
import { classifyVisit, dayIn, VisitTally } from '../lib/desk/visits.ts';
import { getApp } from './app.ts';
import { getLogger } from './log.ts';

const FLUSH_MS = 5_000;
const tally = new VisitTally();
let timer: NodeJS.Timeout | null = null;

export function countVisit(req: IncomingMessage, res: ServerResponse): void {
  if (!res.writableFinished) return;
  const ua = req.headers['user-agent'] ?? null;
  const pathClass = classifyVisit(req.method ?? 'GET', req.url ?? '/', res.statusCode, ua);
  if (!pathClass) return;
  const { config, now } = getApp();
  tally.add(dayIn(now(), config.siteTimezone), pathClass);
  if (!timer) {
    timer = setInterval(() => void flushVisits(), FLUSH_MS);
    timer.unref();
  }
}

/** Writes the counts gathered so far (also called on shutdown). */
async function flushVisits(): Promise<void> {
  const counts = tally.take();
  if (counts.length === 0) return;
  try {
    await addVisits(getApp().db, counts);
  } catch (error) {
    getLogger().warn({ err: error }, 'visit counts not written');
  }
}
