// Lucia's storage, on Kysely, and the other sessions queries: SQL only. Only the
// SHA-256 of a session id is stored, so a leaked sessions table holds nothing
// that works as a cookie.
import { sql } from 'kysely';
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia';
import type { Db } from '../db.ts';
import { hashToken } from '../tokens.ts';

/** The unread count is read up to this: beyond it the header says "99+" (src/server/cache/personal-slots.ts). */
const UNREAD_SHOWN_UP_TO = 100;

/** `now` is the app's clock, used to find expired sessions. */
export function createSessionAdapter(db: Db, now: () => Date): Adapter {
  return {
    async getSessionAndUser(sessionId) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.expires_at', 'users.id', 'users.email', 'users.name', 'users.role'])
        // The header shows the unread count on every page: read it in the same round trip,
        // counting no further than the header shows (an author may have thousands unread).
        .select(
          sql<number>`(select count(*) from (select 1 from notifications n where n.user_id = users.id and n.read_at is null limit ${UNREAD_SHOWN_UP_TO}) unread)`.as(
            'unread_count',
          ),
        )
        .where('sessions.id', '=', hashToken(sessionId))
        .executeTakeFirst();
      if (!row) return [null, null];
      const session: DatabaseSession = {
        id: sessionId,
        userId: row.id,
        expiresAt: row.expires_at,
        attributes: {},
      };
      const user: DatabaseUser = {
        id: row.id,
        attributes: { email: row.email, name: row.name, role: row.role, unreadCount: Number(row.unread_count ?? 0) },
      };
      return [session, user];
    },

    async getUserSessions(userId) {
      // The ids returned are hashes: they identify sessions but cannot be used as cookies.
      const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();
      return rows.map((r) => ({ id: r.id, userId: r.user_id, expiresAt: r.expires_at, attributes: {} }));
    },

    async setSession(session) {
      await db
        .insertInto('sessions')
        .values({ id: hashToken(session.id), user_id: session.userId, expires_at: session.expiresAt })
        .execute();
    },

    async updateSessionExpiration(sessionId, expiresAt) {
      await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', hashToken(sessionId)).execute();
    },

    async deleteSession(sessionId) {
      await db.deleteFrom('sessions').where('id', '=', hashToken(sessionId)).execute();
    },

    async deleteUserSessions(userId) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    async deleteExpiredSessions() {
      await db.deleteFrom('sessions').where('expires_at', '<=', now()).execute();
    },
  };
}

/** Ends every session of an account (a new password, a reset, two-step sign-in turned off). */
export async function deleteSessionsOf(db: Pick<Db, 'deleteFrom'>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Drops sessions expired by `now`; called by the daily housekeeping job. */
export async function deleteSessionsExpiredBy(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
