// The single place a notification is created. A notification of a mail-able
// kind also queues a mail here, in the same transaction (src/lib/mail).
import type { Db } from '../db.ts';
import { mailNotifications, NOTIFICATION_MAIL, processMailContext, type MailContext } from '../mail/door.ts';

export interface NewNotification {
  userId: string;
  kind: string;
  message: string;
  link: string;
}

type Writer = Pick<Db, 'insertInto' | 'selectFrom'>;

export async function notify(
  db: Writer,
  notifications: NewNotification | NewNotification[],
  mailContext?: MailContext,
): Promise<void> {
  const list = Array.isArray(notifications) ? notifications : [notifications];
  if (list.length === 0) return;
  await db
    .insertInto('notifications')
    .values(list.map((n) => ({ user_id: n.userId, kind: n.kind, message: n.message, link: n.link })))
    .execute();
  const mailable = list.filter((n) => n.kind in NOTIFICATION_MAIL);
  if (mailable.length > 0) await mailNotifications(db, mailable, mailContext ?? processMailContext());
}

/** Notifies every author (the site's moderators), except `exceptUserId`. */
export async function notifyAuthors(
  db: Writer,
  notification: Omit<NewNotification, 'userId'>,
  exceptUserId: string | null = null,
): Promise<void> {
  const authors = await db.selectFrom('users').select('id').where('role', '=', 'author').execute();
  await notify(
    db,
    authors.filter((a) => a.id !== exceptUserId).map((a) => ({ ...notification, userId: a.id })),
  );
}

export async function listNotifications(db: Db, userId: string, limit = 50) {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'message', 'link', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    message: r.message,
    link: r.link,
    createdAt: r.created_at,
    unread: r.read_at === null,
  }));
}

export async function markAllRead(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}
