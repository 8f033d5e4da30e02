// The one owner of Wishcast's cookie names and of reading who a request is
// from. The page cache and the pages take identity from this same parse, so a
// request the cache files as anonymous is one the page also rendered as
// anonymous, whatever the shape of its Cookie header.
import { parseCookie } from 'cookie';
import { hashToken } from '../lib/tokens.ts';

export const SESSION_COOKIE = 'wishcast_session';
export const VISITOR_COOKIE = 'wishcast_visitor';
/**
 * A browser that has logged in before (src/lib/auth/known-devices.ts). It
 * changes no page, so it is no identity: it is sent only to the log-in page and
 * its form (its Path), and a well-formed one is left out of "personal" below,
 * so a returning reader who is signed out still gets /login from the cache.
 */
export const DEVICE_COOKIE = 'wishcast_device';
export const DEVICE_COOKIE_PATH = '/login';
/**
 * A sign-in waiting for its two-step code (src/lib/auth/two-step/): a random
 * id, only its hash stored, for 5 minutes, sent only to /login and below. It
 * counts as personal, so /login/code is never answered from the cache.
 */
export const TWO_STEP_COOKIE = 'wishcast_two_step';

const VISITOR_TOKEN = /^[A-Za-z0-9_-]{32,64}$/;
// The device cookie exactly as we set it (32 random bytes, base64url), between separators.
const DEVICE_PAIR = new RegExp(`(?<![^\\s;,])${DEVICE_COOKIE}=[A-Za-z0-9_-]{43}(?![^\\s;,])`, 'g');

export interface Identity {
  /** The session cookie's value, not yet validated. */
  sessionId: string | null;
  /** The visitor cookie's value when well-formed. */
  visitorToken: string | null;
  /**
   * True when the request may carry an identity: a parsed identity cookie, or
   * any mention of our cookie names the parser did not take (a malformed,
   * duplicated or oddly cased one). Such a request is never served from or
   * stored into the shared cache.
   */
  personal: boolean;
}

const ANONYMOUS: Identity = Object.freeze({ sessionId: null, visitorToken: null, personal: false });

export function readIdentity(cookieHeader: string | null | undefined): Identity {
  if (!cookieHeader) return ANONYMOUS;
  const cookies = parseCookie(cookieHeader);
  const sessionId = cookies[SESSION_COOKIE] || null;
  const visitor = cookies[VISITOR_COOKIE];
  const visitorToken = visitor && VISITOR_TOKEN.test(visitor) ? visitor : null;
  const mentionsOurs = /wishcast_/i.test(cookieHeader.replace(DEVICE_PAIR, ''));
  return { sessionId, visitorToken, personal: sessionId !== null || visitor !== undefined || mentionsOurs };
}

/** Identity of a fetch-style request (middleware, pages, actions). */
export function identityOf(request: Request): Identity {
  return readIdentity(request.headers.get('cookie'));
}

/** The stored form of a visitor token (its hash), or null without one. */
export function visitorTokenHashOf(identity: Identity): string | null {
  return identity.visitorToken ? hashToken(identity.visitorToken) : null;
}

/** The known-device token a request carries (only the log-in form reads it), or null. */
export function deviceTokenOf(request: Request): string | null {
  const header = request.headers.get('cookie');
  return header ? (parseCookie(header)[DEVICE_COOKIE] ?? null) : null;
}

/** The pending two-step sign-in's token a request carries, or null. */
export function pendingSignInTokenOf(request: Request): string | null {
  const header = request.headers.get('cookie');
  return header ? (parseCookie(header)[TWO_STEP_COOKIE] ?? null) : null;
}
