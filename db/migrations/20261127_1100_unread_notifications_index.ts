// Frozen. Every signed-in request counts its reader's unread notifications (up
// to 100, with the session: src/lib/auth/sessions-repo.ts). With only the
// (user_id, created_at) index, the planner expected a reader's share of all
// unread rows and scanned the table instead: 2.4 ms a request for a reader with
// a few, once the author had thousands. The unread rows by reader, indexed.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('notifications_unread_idx')
    .on('notifications')
    .column('user_id')
    .where(sql.ref('read_at'), 'is', null)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_unread_idx').execute();
}
