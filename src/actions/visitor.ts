// Visitors (not signed in) are recognised by a random cookie, so what they
// posted and is held for moderation can be shown to them alone. Only its
// SHA-256 is stored with their comment, wish or offer.
import { createHash, randomBytes } from 'node:crypto';
import type { ActionAPIContext } from 'astro:actions';
import type { AstroGlobal } from 'astro';
import { getApp } from '../lib/app.ts';

export const VISITOR_COOKIE = 'wishcast_visitor';

export function hashVisitorToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The visitor's token hash, creating the cookie on first use (for actions that store content). */
export function ensureVisitorTokenHash(context: ActionAPIContext): string {
  let token = context.cookies.get(VISITOR_COOKIE)?.value;
  if (!token || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
    token = randomBytes(24).toString('base64url');
    context.cookies.set(VISITOR_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: getApp().config.secureCookies,
      maxAge: 60 * 60 * 24 * 365,
    });
  }
  return hashVisitorToken(token);
}

/** The visitor's token hash if they have the cookie (for pages that show held items); else null. */
export function visitorTokenHash(astro: AstroGlobal): string | null {
  const token = astro.cookies.get(VISITOR_COOKIE)?.value;
  return token && /^[A-Za-z0-9_-]{32,64}$/.test(token) ? hashVisitorToken(token) : null;
}
