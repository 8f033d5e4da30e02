// Revisions of posts and pages (issue 27): each save is kept, the newest
// REVISIONS_KEPT per post or page, with who saved it and when. The post and page
// services call keepRevision inside the transaction that saves; restoring is
// theirs too (it writes the post), and keeps a revision of its own.
import type { Db } from '../db.ts';
import { NotFoundError } from '../errors.ts';
import type { Revision, RevisionContent, RevisionKind, SavedBy, Subject } from './model.ts';
import { deleteRevisionsPast, insertRevision, selectRecentRevisions, selectRevision } from './repo.ts';

export const REVISIONS_KEPT = 50;

type RevisionRow = NonNullable<Awaited<ReturnType<typeof selectRevision>>>;

function toRevision(row: RevisionRow): Revision {
  return {
    id: row.id,
    title: row.title,
    bodyMd: row.body_md,
    excerpt: row.excerpt,
    kind: row.kind,
    savedAt: row.saved_at,
    authorName: row.author_name,
  };
}

/** Keeps this save as a revision and forgets those past REVISIONS_KEPT. Call it in the saving transaction. */
export async function keepRevision(
  db: Db,
  subject: Subject,
  content: RevisionContent,
  savedBy: SavedBy,
  kind: RevisionKind = 'save',
): Promise<number> {
  const id = await insertRevision(db, {
    post_id: subject.kind === 'post' ? subject.id : null,
    page_id: subject.kind === 'page' ? subject.id : null,
    title: content.title,
    body_md: content.bodyMd,
    excerpt: content.excerpt,
    author_id: savedBy.authorId,
    kind,
    saved_at: savedBy.now,
  });
  await deleteRevisionsPast(db, subject, REVISIONS_KEPT);
  return id;
}

/** The newest revisions first, at most REVISIONS_KEPT. */
export async function listRevisions(db: Db, subject: Subject): Promise<Revision[]> {
  return (await selectRecentRevisions(db, subject, REVISIONS_KEPT)).map(toRevision);
}

/** One revision of this post or page; NotFound for another's. */
export async function getRevision(db: Db, subject: Subject, revisionId: number): Promise<Revision> {
  const row = await selectRevision(db, subject, revisionId);
  if (!row) throw new NotFoundError('This revision no longer exists.');
  return toRevision(row);
}

/** The same, or null: for pages that show a 404. */
export async function findRevision(db: Db, subject: Subject, revisionId: number): Promise<Revision | null> {
  const row = await selectRevision(db, subject, revisionId);
  return row ? toRevision(row) : null;
}
