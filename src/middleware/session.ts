// Validates the session cookie and fills Astro.locals.user / session.
import { defineMiddleware } from 'astro:middleware';
import { getApp } from '../lib/app.ts';

export const loadSession = defineMiddleware(async (context, next) => {
  const { auth } = getApp();
  const sessionId = context.cookies.get(auth.sessionCookieName)?.value ?? null;
  context.locals.user = null;
  context.locals.session = null;
  if (sessionId) {
    try {
      const { session, user } = await auth.validateSession(sessionId);
      if (session?.fresh) {
        const cookie = auth.createSessionCookie(session.id);
        context.cookies.set(cookie.name, cookie.value, cookie.attributes);
      }
      if (!session) {
        const blank = auth.createBlankSessionCookie();
        context.cookies.set(blank.name, blank.value, blank.attributes);
      }
      context.locals.user = user;
      context.locals.session = session;
    } catch {
      // Database unreachable: continue signed out; pages that need the database answer 503.
    }
  }
  return next();
});
