// The wish board's public pages for the sitemap: the board, its archive, the
// granted wall, every past board and every published wish's own page.
import type { Db } from '../../db.ts';
import { wishLink } from '../links.ts';
import { listBoardsUpTo, listPublishedWishPages } from './repo.ts';

/** Sitemaps hold at most 50,000 addresses; the newest wishes come first. */
const SITEMAP_WISH_LIMIT = 40_000;

interface WishSitemapEntry {
  path: string;
  lastmod: Date | null;
}

/** Boards up to `upToDate` (the current one) and published wishes; the sitemap page adds them to the posts'. */
export async function listWishSitemapEntries(db: Db, upToDate: string): Promise<WishSitemapEntry[]> {
  const [boards, wishes] = await Promise.all([
    listBoardsUpTo(db, upToDate),
    listPublishedWishPages(db, SITEMAP_WISH_LIMIT),
  ]);
  const newest = wishes.reduce<Date | null>((max, w) => (!max || w.updated_at > max ? w.updated_at : max), null);
  return [
    { path: '/wishes', lastmod: newest },
    { path: '/wishes/archive', lastmod: newest },
    { path: '/wishes/granted', lastmod: newest },
    ...boards.map((b) => ({ path: `/wishes/${b.wish_date}`, lastmod: b.opened_at })),
    ...wishes.map((w) => ({ path: wishLink(w.wish_date, w.id), lastmod: w.updated_at })),
  ];
}
