import { describe, expect, it } from 'vitest';
import { buildThread, type ThreadNode, type ThreadRow } from '../../src/lib/comments/tree.ts';

function row(id: number, parentId: number | null, status: ThreadRow['status'] = 'approved'): ThreadRow {
  return { id, parentId, status, authorName: `P${id}` };
}

/** [id, depth, inReplyTo?, children] as a compact picture of the tree. */
type Shape = [number, number, string | null, Shape[]];
function shape(nodes: ThreadNode[]): Shape[] {
  return nodes.map((n) => [n.comment.id, n.depth, n.inReplyTo?.name ?? null, shape(n.replies)]);
}

describe('buildThread', () => {
  it('nests replies under their parents, siblings in the order given', () => {
    const rows = [row(1, null), row(2, 1), row(3, null), row(4, 2), row(5, 1)];
    expect(shape(buildThread(rows, 5))).toEqual([
      [
        1,
        1,
        null,
        [
          [2, 2, null, [[4, 3, null, []]]],
          [5, 2, null, []],
        ],
      ],
      [3, 1, null, []],
    ]);
  });

  it('accepts rows in any order (a reply before its parent)', () => {
    const rows = [row(3, 2), row(2, 1), row(1, null)];
    expect(shape(buildThread(rows, 5))).toEqual([[1, 1, null, [[2, 2, null, [[3, 3, null, []]]]]]]);
  });

  it('shows replies deeper than the cap at the cap, after what they answer, naming whom they answer', () => {
    // A chain 1 ← 2 ← … ← 7, plus a second reply (8) to comment 5.
    const rows = [row(1, null), ...[2, 3, 4, 5, 6, 7].map((id) => row(id, id - 1)), row(8, 5)];
    const thread = buildThread(rows, 5);
    const level4 = thread[0]!.replies[0]!.replies[0]!.replies[0]!;
    expect(level4.comment.id).toBe(4);
    expect(shape(level4.replies)).toEqual([
      [5, 5, null, []],
      [6, 5, 'P5', []],
      [7, 5, 'P6', []],
      [8, 5, 'P5', []],
    ]);
    const depths: number[] = [];
    const walk = (nodes: ThreadNode[]) =>
      nodes.forEach((n) => {
        depths.push(n.depth);
        walk(n.replies);
      });
    walk(thread);
    expect(Math.max(...depths)).toBe(5);
    expect(depths).toHaveLength(8);
  });

  it('with a cap of 1 shows every comment flat, replies saying whom they answer', () => {
    const rows = [row(1, null), row(2, 1), row(3, 2), row(4, null)];
    expect(shape(buildThread(rows, 1))).toEqual([
      [1, 1, null, []],
      [2, 1, 'P1', []],
      [3, 1, 'P2', []],
      [4, 1, null, []],
    ]);
    expect(shape(buildThread(rows, 0))).toEqual(shape(buildThread(rows, 1)));
  });

  it('keeps a deleted comment that holds replies, and drops deleted ones holding nothing', () => {
    const rows = [
      row(1, null, 'deleted'),
      row(2, 1),
      row(3, null, 'deleted'),
      row(4, null, 'deleted'),
      row(5, 4, 'deleted'),
      row(6, null),
    ];
    const thread = buildThread(rows, 5);
    expect(shape(thread)).toEqual([
      [1, 1, null, [[2, 2, null, []]]],
      [6, 1, null, []],
    ]);
    expect(thread[0]!.comment.status).toBe('deleted');
  });

  it('says a flattened reply answers a deleted comment', () => {
    const rows = [row(1, null), row(2, 1, 'deleted'), row(3, 2)];
    const thread = buildThread(rows, 1);
    expect(thread.map((n) => n.comment.id)).toEqual([1, 2, 3]);
    expect(thread[2]!.inReplyTo).toEqual({ id: 2, name: 'P2', deleted: true });
  });

  it('leaves out replies whose parent is not shown (held, spam or removed), with their own replies', () => {
    const rows = [row(1, null), row(3, 2), row(4, 3), row(5, 1)];
    expect(shape(buildThread(rows, 5))).toEqual([[1, 1, null, [[5, 2, null, []]]]]);
  });

  it('is pure: the same rows give the same thread, and the rows are not changed', () => {
    const rows = Object.freeze([row(1, null), row(2, 1), row(3, 2)].map((r) => Object.freeze(r)));
    expect(shape(buildThread(rows, 2))).toEqual(shape(buildThread(rows, 2)));
    expect(buildThread([], 5)).toEqual([]);
  });
});
