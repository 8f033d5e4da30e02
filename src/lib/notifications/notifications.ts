// The single place a notification is created. A notification of a mail-able
// kind also queues a mail here, in the same transaction (src/lib/mail).
import type { Db } from '../db.ts';
import { mailNotifications, NOTIFICATION_MAIL, processMailContext, type MailContext } from '../mail/door.ts';
import { findAuthorIds, findNotificationRows, insertNotifications, markUnreadNotificationsRead } from './repo.ts';

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
  await insertNotifications(db, list);
  const mailable = list.filter((n) => n.kind in NOTIFICATION_MAIL);
  if (mailable.length > 0) await mailNotifications(db, mailable, mailContext ?? processMailContext());
}

/** Notifies every author (the site's moderators), except `exceptUserId`. */
export async function notifyAuthors(
  db: Writer,
  notification: Omit<NewNotification, 'userId'>,
  exceptUserId: string | null = null,
): Promise<void> {
  const authors = await findAuthorIds(db);
  await notify(
    db,
    authors.filter((a) => a.id !== exceptUserId).map((a) => ({ ...notification, userId: a.id })),
  );
}

export async function listNotifications(db: Db, userId: string, limit = 50) {
  const rows = await findNotificationRows(db, userId, limit);
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
  await markUnreadNotificationsRead(db, userId, now);
}
