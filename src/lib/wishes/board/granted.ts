// The granted wall (/wishes/granted): wishes that came true, most recently
// granted first, with their thank-you notes, a page at a time by keyset cursor.
import type { Db } from '../../db.ts';
import { listGrantedRows } from './repo.ts';

const GRANTED_PAGE_SIZE = 20;

export interface GrantedWish {
  id: number;
  boardDate: string;
  authorName: string;
  bodyHtml: string;
  thankYouHtml: string | null;
  blogUrl: string | null;
  grantedAt: Date;
}

interface GrantedCursor {
  grantedAt: Date;
  id: number;
}

/** "2026-12-09T10:00:00.000Z~42": the last wish of a page, to continue after. */
export function encodeGrantedCursor(cursor: GrantedCursor): string {
  return `${cursor.grantedAt.toISOString()}~${cursor.id}`;
}

export function decodeGrantedCursor(raw: string | null | undefined): GrantedCursor | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~(\d{1,10})$/.exec(raw ?? '');
  if (!match) return null;
  const grantedAt = new Date(match[1]!);
  const id = Number(match[2]);
  if (Number.isNaN(grantedAt.getTime()) || id < 1 || id > 2_147_483_647) return null;
  return { grantedAt, id };
}

interface GrantedPage {
  wishes: GrantedWish[];
  /** Cursor for the next (older) page, or null on the last one. */
  next: string | null;
}

/** One page of the wall: published, granted wishes before the cursor, newest grant first. */
export async function listGrantedPage(
  db: Db,
  after: GrantedCursor | null,
  limit = GRANTED_PAGE_SIZE,
): Promise<GrantedPage> {
  const rows = await listGrantedRows(db, after, limit + 1);
  const wishes = rows.slice(0, limit).map((r) => ({
    id: r.id,
    boardDate: r.wish_date,
    authorName: r.author_name,
    bodyHtml: r.body_html,
    thankYouHtml: r.thank_you_html,
    blogUrl: r.blog_url,
    grantedAt: r.granted_at!,
  }));
  const last = wishes.at(-1);
  return {
    wishes,
    next: rows.length > limit && last ? encodeGrantedCursor({ grantedAt: last.grantedAt, id: last.id }) : null,
  };
}
