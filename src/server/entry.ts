// The built server's entry: @astrojs/node's handler, plus our request listener
// (body limits, the page cache's fast path, request logs) from the same module
// graph as the pages, so both share one cache. scripts/serve.ts imports it from
// dist/server/entry.mjs.
export { handler, options, startServer } from '@astrojs/node/server.js';
export { createRequestListener } from './http/listener.ts';
export { getLogger } from './log.ts';
export { getConfig, describeConfig } from '../lib/config.ts';
