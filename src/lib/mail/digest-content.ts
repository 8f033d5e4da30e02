// What the weekly digest says: wishes of the week's board still waiting for
// support, the newest posts, and the wishes granted this week. The queries are in repo.ts.
import { markdownToText, truncateText } from '../markdown/markdown.ts';
import type { Db } from '../db.ts';
import type { MailSection } from './compose.ts';
import { absoluteUrl, type MailContext } from './context.ts';
import { wishLink } from '../wishes/links.ts';
import { findPostsPublishedSince, findWishesGrantedSince, findWishesWaitingForSupport } from './repo.ts';

const WEEK_MS = 7 * 86_400_000;

function wishLabel(bodyMd: string, name: string): string {
  return `${truncateText(markdownToText(bodyMd), 120)} (${name})`;
}

export async function digestSections(
  db: Db,
  boardDate: string,
  now: Date,
  context: MailContext,
  boardWishes: number,
): Promise<MailSection[]> {
  const weekAgo = new Date(now.getTime() - WEEK_MS);
  const waiting = await findWishesWaitingForSupport(db, boardDate);
  const posts = await findPostsPublishedSince(db, weekAgo, now);
  const granted = await findWishesGrantedSince(db, weekAgo, now);
  const wishUrl = (date: string, id: number) => absoluteUrl(context, wishLink(date, id));
  return [
    {
      title: 'Wishes still waiting for support',
      empty:
        boardWishes === 0
          ? 'No wishes were made on this week’s board.'
          : 'Every wish on this week’s board has had an offer. Thank you!',
      items: waiting.map((w) => ({ label: wishLabel(w.body_md, w.author_name), url: wishUrl(boardDate, w.id) })),
    },
    {
      title: 'New posts',
      empty: 'No new posts this week.',
      items: posts.map((p) => ({ label: p.title, url: absoluteUrl(context, `/posts/${p.slug}`) })),
    },
    {
      title: 'Granted this week',
      empty: 'No wish was marked granted this week.',
      items: granted.map((w) => ({ label: wishLabel(w.body_md, w.author_name), url: wishUrl(w.wish_date, w.id) })),
    },
  ];
}
