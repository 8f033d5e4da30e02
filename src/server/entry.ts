// The built server's entry: @astrojs/node's handler, plus the page cache's fast
// path from the same module graph (so both share one cache). scripts/serve.ts
// imports both from dist/server/entry.mjs.
export { handler, options, startServer } from '@astrojs/node/server.js';
export { serveFromCache } from './cache/fast-path.ts';
