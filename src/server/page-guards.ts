// Guards for pages: visitors are sent to log in; signed-in people without the
// right role get a 403 page.
import type { AstroGlobal } from 'astro';
import { canModerate } from '../lib/auth/roles.ts';

function loginRedirect(astro: AstroGlobal): Response {
  const next = astro.url.pathname + astro.url.search;
  return astro.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
}

/** null when the current person is an author; otherwise the response to send. */
export async function guardAuthor(astro: AstroGlobal): Promise<Response | null> {
  const user = astro.locals.user;
  if (!user) return loginRedirect(astro);
  if (user.role !== 'author') return astro.rewrite('/forbidden');
  return null;
}

/**
 * null when the current person moderates (the author or a moderator); otherwise
 * the response to send. Moderators reach only the queues: every other admin page
 * keeps guardAuthor.
 */
export async function guardModerator(astro: AstroGlobal): Promise<Response | null> {
  const user = astro.locals.user;
  if (!user) return loginRedirect(astro);
  if (!canModerate(user.role)) return astro.rewrite('/forbidden');
  return null;
}

/** null when someone is signed in; otherwise the redirect to log in. */
export function guardUser(astro: AstroGlobal): Response | null {
  return astro.locals.user ? null : loginRedirect(astro);
}
