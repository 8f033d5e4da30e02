// The built server's entry: @astrojs/node's handler (with each connection's
// peer address recorded for clientAddressOf), plus our request listener (body
// limits, the page cache's fast path, request logs) from the same module graph
// as the pages, so both share one cache. scripts/serve.ts imports it from
// dist/server/entry.mjs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handler as astroHandler } from '@astrojs/node/server.js';
import { withPeerOf } from './client-address.ts';
import type { Ticket } from './http/ticket.ts';

export { options, startServer } from '@astrojs/node/server.js';
export { createRequestListener } from './http/listener.ts';
export { getLogger } from './log.ts';
export { leaveShutdownToServer, shutdownApp } from './app.ts';
export { getConfig, describeConfig } from '../lib/config.ts';

/** Astro's handler, given the request's ticket as `locals.ticket`, with the peer address recorded for clientAddressOf. */
export function handler(req: IncomingMessage, res: ServerResponse, ticket?: Ticket): unknown {
  return withPeerOf(req, () => astroHandler(req, res, undefined, ticket ? { ticket } : undefined));
}
