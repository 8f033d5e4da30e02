import { sequence } from 'astro:middleware';
import { pageCache } from './page-cache.ts';
import { protect } from './protection.ts';
import { loadSession } from './session.ts';

// protect wraps everything (limits, headers, 503); cached pages skip the session lookup.
export const onRequest = sequence(protect, pageCache, loadSession);
