// Lucia's storage, on Kysely. Only the SHA-256 of a session id is stored, so a
// leaked sessions table holds nothing that works as a cookie.
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia';
import type { Db } from '../db.ts';
import { hashToken } from '../tokens.ts';

/** `now` is the app's clock, used to find expired sessions. */
export function createSessionAdapter(db: Db, now: () => Date): Adapter {
  return {
    async getSessionAndUser(sessionId) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.expires_at', 'users.id', 'users.email', 'users.name', 'users.role'])
        // The header shows the unread count on every page: read it in the same round trip.
        .select((eb) =>
          eb
            .selectFrom('notifications')
            .select((n) => n.fn.countAll<number>().as('n'))
            .whereRef('notifications.user_id', '=', 'users.id')
            .where('notifications.read_at', 'is', null)
            .as('unread_count'),
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
