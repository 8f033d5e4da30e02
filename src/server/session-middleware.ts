// Fills Astro.locals.user / session from the request's session, validated once
// per request (the fast path or the page cache may have done it already).
import { defineMiddleware } from 'astro:middleware';
import { getApp } from './app.ts';
import { sessionOf, ticketOf } from './http/ticket.ts';

export const loadSession = defineMiddleware(async (context, next) => {
  // Media files are the same for everyone: no session lookup for each image.
  if (context.url.pathname.startsWith('/media/')) return next();
  const { auth } = getApp();
  // The same ticket the page cache read, so both agree on who is asking.
  const ticket = ticketOf(context);
  context.locals.user = null;
  context.locals.session = null;
  if (ticket.identity.sessionId) {
    try {
      const { session, user } = await sessionOf(ticket, auth);
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
