// The scopes of content a change can touch, and which scopes each kind of
// change touches. Writers record these (recordChange in version.ts); pages and
// in-memory views depend on them. A page depends on every scope whose change
// could alter it; "*" means "any change at all" (pages that say nothing).

export const ANY_CHANGE = '*';

/**
 * Recorded by `npm run cache:flush` after an edit made outside the app (SQL by
 * hand): every process counts everything it keeps as changed (version.ts).
 */
export const EVERYTHING = 'everything';

export const scope = {
  /** Lists of posts, their neighbours on post pages, feeds, sitemap, tags, archive. */
  posts: 'posts',
  /** One post's page: its content, its published thread, readers' reactions to both. */
  post: (postId: number) => `post:${postId}`,
  /** Who has comments held on a post: only they see them, so only their view changes. */
  heldOnPost: (postId: number) => `held:post:${postId}`,
  /** The comment counts shown in lists of posts. */
  commentCounts: 'comment-counts',
  /** Site settings readers notice (thread depth, comments closing with age). */
  settings: 'settings',
  /** What every page's frame shows (site name, tagline, bio, the menu of static pages): every page depends on it. */
  site: 'site',
  /** The wish day, opening hour and time zone (the ritual): every process follows them (src/lib/settings/ritual.ts). */
  ritual: 'ritual',
  /** The list of boards and of granted wishes. */
  boards: 'boards',
  /** One board's page. */
  board: (date: string) => `board:${date}`,
  /** Who has wishes or offers held on a board. */
  heldOnBoard: (date: string) => `held:board:${date}`,
  /** One wish's card: the wish, its offers, its cheers (reactions of kind 'cheer'). */
  wish: (wishId: number) => `wish:${wishId}`,
} as const;

type Status = 'approved' | 'pending' | 'spam' | 'deleted';

/**
 * A comment was written, edited, deleted or moderated. Held and spam comments
 * are seen by their writer alone: only the held-writers list changes.
 */
export function commentChanged(postId: number, statuses: readonly Status[]): string[] {
  const scopes = [scope.heldOnPost(postId)];
  if (statuses.some((s) => s === 'approved' || s === 'deleted')) {
    scopes.push(scope.post(postId), scope.commentCounts);
  }
  return scopes;
}

/** A post was written, edited, deleted, closed or opened to comments. */
export function postChanged(postId: number | null): string[] {
  return postId === null ? [scope.posts] : [scope.posts, scope.post(postId)];
}

/**
 * A wish, an offer on it, a cheer, a grant or an acceptance changed; `statuses`
 * are the item's status before and after (a held item is seen by its writer alone).
 */
export function wishChanged(boardDate: string, wishId: number, statuses: readonly Status[] = ['approved']): string[] {
  const scopes = [scope.heldOnBoard(boardDate)];
  if (statuses.some((s) => s === 'approved' || s === 'deleted')) {
    scopes.push(scope.board(boardDate), scope.wish(wishId), scope.boards);
  }
  return scopes;
}

/** A board opened, or today's prompt changed. */
export function boardChanged(boardDate: string): string[] {
  return [scope.board(boardDate), scope.boards];
}

/** What a post's page shows: the post and its neighbours, its thread, the settings that shape it. */
export function postPageScopes(postId: number): string[] {
  return [scope.posts, scope.post(postId), scope.settings];
}
