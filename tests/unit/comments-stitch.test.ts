// A thread rendered again after one change is stitched from the comments kept
// from the last render: the same bytes as a full render, with only the changed
// comment (and those that name it) rendered anew.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderThread, stitchThread, type ThreadRenderOptions } from '../../src/lib/comments/render.ts';
import type { ThreadComment } from '../../src/lib/comments/thread.ts';
import { buildThread } from '../../src/lib/comments/tree.ts';

const T0 = Date.parse('2026-07-01T12:00:00Z');
const OPEN: ThreadRenderOptions = { open: true, timeZone: 'Europe/Berlin' };

function comment(id: number, parentId: number | null, extra: Partial<ThreadComment> = {}): ThreadComment {
  const at = new Date(T0 + id * 60_000);
  return {
    id,
    parentId,
    authorName: `Writer ${id % 3}`,
    authorUrl: null,
    authorHandle: null,
    authorAvatar: null,
    bodyHtml: `<p>Comment ${id}</p>`,
    status: 'approved',
    byAuthor: false,
    userId: id % 4 ? `user-${id % 3}` : null,
    mine: false,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

describe('stitchThread', () => {
  it('gives the bytes and slots of a full render, after any change', () => {
    const thread = fc
      .array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 30 })
      .map((parents) => parents.map((p, i) => comment(i + 1, p > 0 && p <= i ? p : null)));
    const change = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('edit', 'delete', 'hold', 'close'),
    });
    fc.assert(
      fc.property(thread, change, (rows, { at, kind }) => {
        const before = stitchThread(buildThread(rows, 5), OPEN, new Map());
        const target = rows[at % rows.length]!;
        const later = new Date(target.updatedAt.getTime() + 1000);
        const changed = rows.map((c) =>
          c.id !== target.id
            ? c
            : kind === 'edit'
              ? { ...c, bodyHtml: '<p>Edited</p>', updatedAt: later }
              : kind === 'delete'
                ? { ...c, status: 'deleted' as const, bodyHtml: '', updatedAt: later }
                : kind === 'hold'
                  ? { ...c, status: 'pending' as const, updatedAt: later }
                  : c,
        );
        const options = kind === 'close' ? { ...OPEN, open: false } : OPEN;
        const nodes = buildThread(changed, 5);
        const stitched = stitchThread(nodes, options, before.pieces);
        const fresh = renderThread(nodes, options);
        expect(stitched.html).toBe(fresh.html);
        expect(stitched.slots).toEqual(fresh.slots);
      }),
    );
  });

  it('renders only what changed', () => {
    const rows = [comment(1, null), comment(2, 1), comment(3, null)];
    const first = stitchThread(buildThread(rows, 5), OPEN, new Map());
    rows[2] = { ...rows[2]!, bodyHtml: '<p>New words</p>', updatedAt: new Date(T0 + 1e7) };
    const second = stitchThread(buildThread(rows, 5), OPEN, first.pieces);
    expect(second.pieces.get(1)).toBe(first.pieces.get(1));
    expect(second.pieces.get(2)).toBe(first.pieces.get(2));
    expect(second.pieces.get(3)).not.toBe(first.pieces.get(3));
    expect(second.html).toContain('New words');
  });
});
