import { defineMiddleware, sequence } from 'astro:middleware';
import { getApp, holdAppOpen } from './server/app.ts';
import { federation } from './server/federation-middleware.ts';
import { legacyRedirects } from './server/legacy-redirects.ts';
import { protect } from './server/protection.ts';
import { followRitual } from './server/ritual-middleware.ts';
import { loadSession } from './server/session-middleware.ts';

/** A request's work (middleware, its action, its page's reads) is under way until done: the database closes after it. */
const holdOpen = defineMiddleware((_context, next) => holdAppOpen(next()));

/** The page cache, as the app's wiring built it (src/server/cache/middleware.ts). */
const pageCache = defineMiddleware((context, next) => getApp().pageCacheMiddleware(context, next));

// protect wraps everything (limits, headers, 503); cached pages skip the session lookup.
// Old links of imported blogs are answered before the cache (a "/?p=1" is not the home page).
// Fediverse requests (WebFinger, NodeInfo, /ap/…) are Fedify's, never the cache's. What the cache does not
// answer first follows the ritual (wish day) another process may have changed.
export const onRequest = sequence(holdOpen, protect, federation, legacyRedirects, pageCache, followRitual, loadSession);
