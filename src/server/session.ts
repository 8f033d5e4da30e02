// Session cookie handling shared by the account actions.
import type { ActionAPIContext } from 'astro:actions';
import { ActionError } from 'astro:actions';
import { getApp } from './app.ts';
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH, TWO_STEP_COOKIE } from './cookies.ts';
import { canModerate } from '../lib/auth/roles.ts';
import { KNOWN_DEVICE_DAYS } from '../lib/auth/known-devices.ts';
import { PENDING_MINUTES } from '../lib/auth/two-step/service.ts';
import { sameSiteTarget } from './http/safe-next.ts';

/** Ends any current session and starts a new one (a new id at every login). */
export async function startSession(
  context: ActionAPIContext,
  userId: string,
  options: { previousAlreadyEnded?: boolean } = {},
): Promise<void> {
  const { auth } = getApp();
  if (context.locals.session && !options.previousAlreadyEnded) await auth.invalidateSession(context.locals.session.id);
  const session = await auth.createSession(userId, {});
  const cookie = auth.createSessionCookie(session.id);
  context.cookies.set(cookie.name, cookie.value, cookie.attributes);
}

/** Gives this browser its known-device token (see src/lib/auth/known-devices.ts); log-out keeps it. */
export function rememberBrowser(context: ActionAPIContext, token: string): void {
  context.cookies.set(DEVICE_COOKIE, token, {
    path: DEVICE_COOKIE_PATH,
    httpOnly: true,
    sameSite: 'lax',
    secure: getApp().config.secureCookies,
    maxAge: KNOWN_DEVICE_DAYS * 86_400,
  });
}

/** Holds a sign-in that waits for its two-step code (5 minutes, like its row in the database). */
export function holdPendingSignIn(context: ActionAPIContext, token: string | null): void {
  context.cookies.set(TWO_STEP_COOKIE, token ?? '', {
    path: DEVICE_COOKIE_PATH,
    httpOnly: true,
    sameSite: 'lax',
    secure: getApp().config.secureCookies,
    maxAge: token ? PENDING_MINUTES * 60 : 0,
  });
}

export async function endSession(context: ActionAPIContext): Promise<void> {
  const { auth } = getApp();
  if (context.locals.session) await auth.invalidateSession(context.locals.session.id);
  const blank = auth.createBlankSessionCookie();
  context.cookies.set(blank.name, blank.value, blank.attributes);
}

export function requireUser(context: ActionAPIContext) {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Please log in first.' });
  return user;
}

/** The author or a moderator: approve, spam and delete what readers write, and nothing else. */
export function requireModerator(context: ActionAPIContext) {
  const user = requireUser(context);
  if (!canModerate(user.role)) throw new ActionError({ code: 'FORBIDDEN', message: 'Only moderators can do that.' });
  return user;
}

export function requireAuthor(context: ActionAPIContext) {
  const user = requireUser(context);
  if (user.role !== 'author') throw new ActionError({ code: 'FORBIDDEN', message: 'Only the author can do that.' });
  return user;
}

/**
 * Every redirect whose target is not a literal goes through here: only paths
 * on this site are followed, so no link can bounce people elsewhere (see
 * http/safe-next.ts for the rule).
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  return sameSiteTarget(next, getApp().config.siteUrl, fallback);
}
