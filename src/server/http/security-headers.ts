// The headers every answer carries, whoever writes it: the listener sets them on
// each response before anything else runs (so even an answer Astro makes before
// our middleware, or a refusal at the edge, has them), and the middleware adds
// them to what Astro renders (for `astro dev`, which has no listener). The
// Content-Security-Policy comes from Astro (security.csp in astro.config.mjs),
// with a strict one here for answers Astro never sees.
import { getConfig } from '../../lib/config.ts';

const ALWAYS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

/** Browsers keep to https for a year once they have seen the site over it (not its subdomains: they may be others'). */
const HSTS = 'max-age=31536000';

/** For answers made outside Astro (refusals, one-click unsubscribe): nothing in them may run or load. */
export const EDGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

let kept: { siteUrl: string; headers: Readonly<Record<string, string>> } | null = null;

/** The security headers for this site: HSTS too when SITE_URL is https. */
export function securityHeaders(): Readonly<Record<string, string>> {
  const { siteUrl } = getConfig();
  if (kept?.siteUrl !== siteUrl) {
    const https = siteUrl.startsWith('https://');
    kept = { siteUrl, headers: https ? { ...ALWAYS, 'strict-transport-security': HSTS } : ALWAYS };
  }
  return kept.headers;
}
