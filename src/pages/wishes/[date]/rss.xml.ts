// RSS 2.0 feed of one board's published wishes, newest first.
import type { APIRoute } from 'astro';
import { getApp } from '../../../server/app.ts';
import { rssResponse } from '../../../server/feeds.ts';
import { formatWishDay, isIsoDate } from '../../../lib/schedule/week.ts';
import { findBoardByDate } from '../../../lib/wishes/board/boards.ts';
import { listBoardFeedItems } from '../../../lib/wishes/board/feeds.ts';
import { readSiteName } from '../../../lib/settings/settings.ts';

export const GET: APIRoute = async ({ params }) => {
  const { db, config } = getApp();
  const date = params.date ?? '';
  const board = isIsoDate(date) ? await findBoardByDate(db, date) : null;
  if (!board) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  const day = formatWishDay(board.date, { withYear: true });
  return rssResponse({
    title: `Wishes of ${day} · ${await readSiteName(db)}`,
    description: board.prompt,
    site: `${config.siteUrl}/wishes/${board.date}`,
    items: await listBoardFeedItems(db, board, config.siteUrl),
  });
};
