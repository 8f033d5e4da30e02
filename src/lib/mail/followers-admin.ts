// The author's view of the people who follow by email (/admin/subscribers):
// counts, a searchable list in pages (keyset on id), removal, and the CSV export
// read in chunks so a large list is never held whole.
import type { Db } from '../db.ts';
import { forgetFollower, toFollower, type Follower } from './followers.ts';
import { countFollowerRows, findFollowerRows, findUnconfirmedFollowerEmails } from './followers-repo.ts';

interface FollowerCounts {
  confirmed: number;
  waiting: number;
}

export async function countFollowers(db: Db): Promise<FollowerCounts> {
  const row = await countFollowerRows(db);
  return { confirmed: row.confirmed, waiting: row.all - row.confirmed };
}

interface FollowerListItem extends Follower {
  id: number;
}

interface FollowerPage {
  items: FollowerListItem[];
  /** The cursor of the next page, or null at the end. */
  nextAfter: number | null;
}

/** Escapes LIKE's own characters so a search for "a_b" finds "a_b" only. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Oldest first; `query` finds addresses containing it. */
export async function listFollowers(
  db: Db,
  options: { query?: string | null; after?: number | null; limit?: number } = {},
): Promise<FollowerPage> {
  const limit = options.limit ?? 50;
  const text = options.query?.trim().toLowerCase();
  const rows = await findFollowerRows(db, {
    after: options.after,
    pattern: text ? likePattern(text) : null,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit).map((row) => ({ id: row.id, ...toFollower(row) }));
  return { items, nextAfter: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** The author removes an address: it goes, with any mail still waiting for it. */
export async function removeFollower(db: Db, email: string): Promise<boolean> {
  return forgetFollower(db, email.trim().toLowerCase());
}

/**
 * Addresses that asked to follow but never confirmed within `days` are
 * forgotten (with any mail still waiting for them): a list of people who did
 * not say yes is not kept. Resolves with how many went.
 */
export async function pruneUnconfirmedFollowers(db: Db, now: Date, days: number): Promise<number> {
  const before = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  const stale = await findUnconfirmedFollowerEmails(db, before, PRUNE_BATCH);
  for (const { email } of stale) await forgetFollower(db, email);
  return stale.length;
}
const PRUNE_BATCH = 5000;

const EXPORT_CHUNK = 1000;

/** Every follower, a chunk at a time, for the CSV download. */
export async function* eachFollower(db: Db): AsyncGenerator<Follower> {
  let after = 0;
  for (;;) {
    const page = await listFollowers(db, { after, limit: EXPORT_CHUNK });
    for (const item of page.items) yield item;
    if (page.nextAfter === null) return;
    after = page.nextAfter;
  }
}
