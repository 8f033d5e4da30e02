// Visitors (not signed in) are recognised by a random cookie, so what they
// posted and is held for moderation can be shown to them alone. Only its
// SHA-256 is stored with their comment, wish or offer.
import type { ActionAPIContext } from 'astro:actions';
import type { AstroGlobal } from 'astro';
import { hashToken, newToken } from '../lib/tokens.ts';
import { getApp } from './app.ts';
import { identityOf, VISITOR_COOKIE, visitorTokenHashOf } from './cookies.ts';

/** The visitor's token hash, creating the cookie on first use (for actions that store content). */
export function ensureVisitorTokenHash(context: ActionAPIContext): string {
  let token = identityOf(context.request).visitorToken;
  if (!token) {
    token = newToken();
    context.cookies.set(VISITOR_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: getApp().config.secureCookies,
      maxAge: 60 * 60 * 24 * 365,
    });
  }
  return hashToken(token);
}

/** The visitor's token hash if they have the cookie (for pages that show held items); else null. */
export function visitorTokenHash(astro: AstroGlobal): string | null {
  return visitorTokenHashOf(identityOf(astro.request));
}
