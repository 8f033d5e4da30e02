// Our actors' followers on the fediverse (the blog's, the wish board's): one
// row per (our actor, follower), read a page at a time (followers-repo.ts).

export interface Follower {
  actorId: string;
  inbox: string;
  sharedInbox: string | null;
  handle: string;
}

/** A page's cursor: `<created_at ISO>|<actor id>` of the last follower shown. */
export function followerCursorOf(follower: { createdAt: Date; actorId: string }): string {
  return `${follower.createdAt.toISOString()}|${follower.actorId}`;
}

/** Null for the first page (an empty or malformed cursor). */
export function parseFollowerCursor(cursor: string): { createdAt: Date; actorId: string } | null {
  const bar = cursor.indexOf('|');
  if (bar < 0) return null;
  const createdAt = new Date(cursor.slice(0, bar));
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, actorId: cursor.slice(bar + 1) };
}
