// SQL for notifications. notifications.ts holds the rules (which kinds also mail).
import type { Db } from '../db.ts';

export async function insertNotifications(
  db: Pick<Db, 'insertInto'>,
  rows: { userId: string; kind: string; message: string; link: string }[],
): Promise<void> {
  await db
    .insertInto('notifications')
    .values(rows.map((n) => ({ user_id: n.userId, kind: n.kind, message: n.message, link: n.link })))
    .execute();
}

export async function findAuthorIds(db: Pick<Db, 'selectFrom'>): Promise<{ id: string }[]> {
  return db.selectFrom('users').select('id').where('role', '=', 'author').execute();
}

export async function findNotificationRows(db: Db, userId: string, limit: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'message', 'link', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function markUnreadNotificationsRead(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}
