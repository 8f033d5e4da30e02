// The one cross-site rule for every request that changes something: a POST (or
// any unsafe method) whose body a form could send, or that has no type, must
// come from this site. "This site" is SITE_URL's origin, which the browser
// sends when the server sits behind a TLS proxy (the proxy talks plain http to
// us, so the request's own address says http), or the origin the request
// itself was addressed to (a browser sets Host to the server it talks to, so a
// page elsewhere cannot pretend). It is Astro's rule (security.checkOrigin)
// with SITE_URL added, kept here so that a built server can be configured for
// its domain at run time; the listener applies it before anything else, and
// the middleware again for `astro dev`.
import { getConfig } from '../../lib/config.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

interface OriginCheckInput {
  method: string;
  /** The Content-Type header, if any. */
  contentType: string | null;
  /** The Origin header, if any. */
  origin: string | null;
  /** The origin the request was addressed to: http:// and its Host header. */
  addressedTo: string | null;
}

/** Whether the request must be refused as a cross-site submission. */
export function isCrossSiteSubmission(input: OriginCheckInput): boolean {
  if (SAFE_METHODS.has(input.method)) return false;
  const type = input.contentType?.toLowerCase() ?? null;
  if (type !== null && !FORM_TYPES.some((form) => type.includes(form))) return false;
  if (input.origin === null) return true;
  return input.origin !== new URL(getConfig().siteUrl).origin && input.origin !== input.addressedTo;
}

export const CROSS_SITE_MESSAGE = 'Cross-site form submissions are refused.';
