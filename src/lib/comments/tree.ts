// The thread, built in memory from flat rows by one pure function (Remark42's
// MakeTree). Depth is capped for display only: a reply deeper than the cap is
// shown at the cap, right after the comment it answers, naming whom it answers.
import type { ModerationStatus } from '../../../db/schema.ts';

export interface ThreadRow {
  id: number;
  parentId: number | null;
  authorName: string;
  status: ModerationStatus;
}

export interface ThreadNode<T extends ThreadRow = ThreadRow> {
  comment: T;
  /** Display depth: 1 for a top-level comment, never more than the cap. */
  depth: number;
  /** Set when the comment is shown away from its parent (beyond the cap). */
  inReplyTo: { id: number; name: string; deleted: boolean } | null;
  replies: ThreadNode<T>[];
}

interface FullNode<T> {
  row: T;
  children: FullNode<T>[];
}

/**
 * Rows in any order; siblings keep the order they come in (chronological from the query).
 * Rows whose parent is absent (hidden or removed) are left out with their replies;
 * deleted comments stay only while they still have replies to hold together.
 */
export function buildThread<T extends ThreadRow>(rows: readonly T[], maxDepth: number): ThreadNode<T>[] {
  const cap = Math.max(1, Math.floor(maxDepth) || 1);
  const nodes = new Map<number, FullNode<T>>();
  for (const row of rows) if (!nodes.has(row.id)) nodes.set(row.id, { row, children: [] });

  const roots: FullNode<T>[] = [];
  for (const node of nodes.values()) {
    const { parentId } = node.row;
    if (parentId === null) roots.push(node);
    else if (parentId !== node.row.id) nodes.get(parentId)?.children.push(node);
  }

  const shown: ThreadNode<T>[] = [];
  for (const root of prune(roots)) place(root, null, 1, cap, shown);
  return shown;
}

/** Drops deleted comments that no longer hold any reply, bottom-up. */
function prune<T extends ThreadRow>(list: FullNode<T>[]): FullNode<T>[] {
  const kept: FullNode<T>[] = [];
  for (const node of list) {
    node.children = prune(node.children);
    if (node.row.status !== 'deleted' || node.children.length > 0) kept.push(node);
  }
  return kept;
}

/** Appends `node` to `into` at `depth`, then its replies: nested below the cap, beside it at the cap. */
function place<T extends ThreadRow>(
  node: FullNode<T>,
  parent: T | null,
  depth: number,
  cap: number,
  into: ThreadNode<T>[],
  flattened = false,
): void {
  const shown: ThreadNode<T> = {
    comment: node.row,
    depth,
    inReplyTo:
      flattened && parent ? { id: parent.id, name: parent.authorName, deleted: parent.status === 'deleted' } : null,
    replies: [],
  };
  into.push(shown);
  for (const child of node.children) {
    if (depth < cap) place(child, node.row, depth + 1, cap, shown.replies);
    else place(child, node.row, depth, cap, into, true);
  }
}
