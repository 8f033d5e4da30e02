// RSS items for a board's wishes and for granted wishes. Descriptions are the
// stored, sanitised HTML (src/lib/markdown), which a feed reader renders as
// HTML; titles are plain text, escaped by src/lib/feeds like every feed's.
import type { Db } from '../../db.ts';
import type { FeedItem } from '../../feeds/rss.ts';
import { absoluteUrl, absolutizeLinks } from '../../posts/feed.ts';
import { formatWishDay } from '../../schedule/week.ts';
import { listGrantedPage } from './granted.ts';
import { listBoardFeedRows } from './repo.ts';
import { wishLink } from '../links.ts';

const WISH_FEED_SIZE = 50;

/** A board's published wishes, newest first. */
export async function listBoardFeedItems(
  db: Db,
  board: { id: number; date: string },
  siteUrl: string,
): Promise<FeedItem[]> {
  const rows = await listBoardFeedRows(db, board.id, WISH_FEED_SIZE);
  return rows.map((r) => ({
    title: `${r.author_name} wishes`,
    link: absoluteUrl(siteUrl, wishLink(board.date, r.id)),
    pubDate: r.created_at,
    description: absolutizeLinks(
      r.granted_at ? `${r.body_html}${thankYouHtml(r.thank_you_html)}` : r.body_html,
      siteUrl,
    ),
  }));
}

function thankYouHtml(html: string | null): string {
  return `<p><strong>Granted.</strong></p>${html ? `<blockquote>${html}</blockquote>` : ''}`;
}

/** The newest granted wishes with their thank-you notes. */
export async function listGrantedFeedItems(db: Db, siteUrl: string): Promise<FeedItem[]> {
  const { wishes } = await listGrantedPage(db, null, WISH_FEED_SIZE);
  return wishes.map((w) => ({
    title: `Granted: ${w.authorName}’s wish of ${formatWishDay(w.boardDate, { withYear: true })}`,
    link: absoluteUrl(siteUrl, wishLink(w.boardDate, w.id)),
    pubDate: w.grantedAt,
    description: absolutizeLinks(`${w.bodyHtml}${thankYouHtml(w.thankYouHtml)}`, siteUrl),
  }));
}
