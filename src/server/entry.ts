// The built server's entry: @astrojs/node's handler, plus the page cache's fast
// path from the same module graph (so both share one cache). scripts/serve.ts
// imports both from dist/server/entry.mjs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handler as astroHandler } from '@astrojs/node/server.js';
import { withPeerOf } from './client-address.ts';

export { options, startServer } from '@astrojs/node/server.js';
export { serveFromCache } from './cache/fast-path.ts';

/** Astro's handler, with the connection's peer address recorded for clientAddressOf. */
export function handler(req: IncomingMessage, res: ServerResponse): unknown {
  return withPeerOf(req, () => astroHandler(req, res));
}
