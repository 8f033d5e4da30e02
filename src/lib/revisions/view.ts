// What the revisions page shows: two revisions of one post or page and their line diff.
import type { Db } from '../db.ts';
import { compareRevisions, type DiffLine } from './diff.ts';
import type { Revision, Subject } from './model.ts';
import { findRevision } from './revisions.ts';

export interface Comparison {
  subject: Subject;
  before: Revision;
  after: Revision;
  lines: DiffLine[];
}

/** Both revisions must belong to `subject`; null (a 404) otherwise. The older one is shown first. */
export async function loadComparison(
  db: Db,
  subject: Subject,
  fromId: number | null,
  toId: number | null,
): Promise<Comparison | null> {
  if (fromId === null || toId === null) return null;
  const [a, b] = await Promise.all([findRevision(db, subject, fromId), findRevision(db, subject, toId)]);
  if (!a || !b) return null;
  const [before, after] = a.id <= b.id ? [a, b] : [b, a];
  return { subject, before, after, lines: compareRevisions(before, after) };
}
