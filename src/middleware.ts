import { sequence } from 'astro:middleware';
import { pageCache } from './server/cache/middleware.ts';
import { protect } from './server/protection.ts';
import { loadSession } from './server/session-middleware.ts';

// protect wraps everything (limits, headers, 503); cached pages skip the session lookup.
export const onRequest = sequence(protect, pageCache, loadSession);
