// SQL for revisions of posts and pages.
import type { Insertable } from 'kysely';
import type { RevisionsTable } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import type { Subject } from './model.ts';

function subjectColumn(subject: Subject): 'post_id' | 'page_id' {
  return subject.kind === 'post' ? 'post_id' : 'page_id';
}

export async function insertRevision(db: Db, values: Insertable<RevisionsTable>): Promise<number> {
  const row = await db.insertInto('revisions').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Deletes all but the newest `keep` revisions of one post or page. */
export async function deleteRevisionsPast(db: Db, subject: Subject, keep: number): Promise<void> {
  const column = subjectColumn(subject);
  await db
    .deleteFrom('revisions')
    .where(column, '=', subject.id)
    .where('id', 'not in', (eb) =>
      eb.selectFrom('revisions').select('id').where(column, '=', subject.id).orderBy('id', 'desc').limit(keep),
    )
    .execute();
}

function selectRevisions(db: Db) {
  return db
    .selectFrom('revisions')
    .leftJoin('users', 'users.id', 'revisions.author_id')
    .select([
      'revisions.id',
      'revisions.title',
      'revisions.body_md',
      'revisions.excerpt',
      'revisions.kind',
      'revisions.saved_at',
      'users.name as author_name',
    ]);
}

export async function selectRecentRevisions(db: Db, subject: Subject, limit: number) {
  return selectRevisions(db)
    .where(`revisions.${subjectColumn(subject)}`, '=', subject.id)
    .orderBy('revisions.id', 'desc')
    .limit(limit)
    .execute();
}

export async function selectRevision(db: Db, subject: Subject, revisionId: number) {
  return selectRevisions(db)
    .where(`revisions.${subjectColumn(subject)}`, '=', subject.id)
    .where('revisions.id', '=', revisionId)
    .executeTakeFirst();
}
