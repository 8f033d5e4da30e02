// Validates the session cookie and fills Astro.locals.user / session.
import { defineMiddleware } from 'astro:middleware';
import { getApp } from './app.ts';
import { identityOf } from './cookies.ts';

export const loadSession = defineMiddleware(async (context, next) => {
  // Media files are the same for everyone: no session lookup for each image.
  if (context.url.pathname.startsWith('/media/')) return next();
  const { auth } = getApp();
  // The same parse the page cache uses, so both agree on who is asking.
  const { sessionId } = identityOf(context.request);
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
