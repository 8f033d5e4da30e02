import { sequence } from 'astro:middleware';
import { pageCache } from './server/cache/middleware.ts';
import { legacyRedirects } from './server/legacy-redirects.ts';
import { protect } from './server/protection.ts';
import { loadSession } from './server/session-middleware.ts';

// protect wraps everything (limits, headers, 503); cached pages skip the session lookup.
// Old links of imported blogs are answered before the cache (a "/?p=1" is not the home page).
export const onRequest = sequence(protect, legacyRedirects, pageCache, loadSession);
