import { Lucia, TimeSpan } from 'lucia';
import type { Role } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { createSessionAdapter } from './sessions-repo.ts';

interface AuthOptions {
  secureCookies: boolean;
  /** The session cookie's name (owned by src/server/cookies.ts). */
  cookieName: string;
  now: () => Date;
}

export function createAuth(db: Db, options: AuthOptions) {
  return new Lucia(createSessionAdapter(db, options.now), {
    // Lucia extends a session when less than half of this remains (sliding expiry).
    sessionExpiresIn: new TimeSpan(30, 'd'),
    sessionCookie: {
      name: options.cookieName,
      attributes: { secure: options.secureCookies, sameSite: 'lax' },
    },
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      name: attributes.name,
      role: attributes.role,
      unreadCount: attributes.unreadCount,
    }),
  });
}

export type Auth = ReturnType<typeof createAuth>;

declare module 'lucia' {
  interface Register {
    Lucia: Auth;
    DatabaseUserAttributes: { email: string; name: string; role: Role; unreadCount: number };
  }
}
