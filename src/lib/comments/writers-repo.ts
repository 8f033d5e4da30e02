// SQL for comments found or changed by who wrote them: an account that leaves, a writer the author blocks.
// repo.ts holds the rest; nothing here decides anything.
import type { Db } from '../db.ts';

/** The ids of a member's comments nobody has seen yet (held for review or as spam). */
export async function listHeldCommentIdsOf(db: Db, userId: string) {
  return db
    .selectFrom('comments')
    .select('id')
    .where('user_id', '=', userId)
    .where('status', 'in', ['pending', 'spam'])
    .execute();
}

/** Detaches a member's comments from them, signed with `signature`; returns each one's id and status. */
export async function unsignCommentsOf(db: Db, userId: string, signature: string, now: Date) {
  return db
    .updateTable('comments')
    .set({
      user_id: null,
      author_name: signature,
      author_email: null,
      author_url: null,
      ip: null,
      visitor_token_hash: null,
      updated_at: now,
    })
    .where('user_id', '=', userId)
    .returning(['id', 'status'])
    .execute();
}

/** Shows `html` in place of these comments' text. */
export async function replaceCommentBodies(db: Db, ids: number[], html: string): Promise<void> {
  await db.updateTable('comments').set({ body_md: '', body_html: html }).where('id', 'in', ids).execute();
}

/** Every published or held comment with what a block can match: the writer's account, email and address. */
export async function listLiveCommentWriters(db: Db) {
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.user_id')
    .select(['comments.id', 'comments.user_id', 'comments.author_email', 'comments.ip', 'users.email as account_email'])
    .where('comments.status', 'in', ['pending', 'approved'])
    .execute();
}
