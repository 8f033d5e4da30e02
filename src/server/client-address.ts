// The one owner of "which address is this request from". The node:http
// server (entry.ts) records each connection's peer around the request, so
// Astro's own clientAddress — which believes the leftmost X-Forwarded-For once
// security.allowedDomains is set — is never what limits count on.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { getApp } from './app.ts';
import { resolveClientAddress } from './http/client-address.ts';

const peers = new AsyncLocalStorage<string | null>();

/** Runs a request's handling with its socket's peer address known to clientAddressOf. */
export function withPeerOf<T>(req: IncomingMessage, handle: () => T): T {
  return peers.run(req.socket.remoteAddress ?? null, handle);
}

function peerAddress(context: { clientAddress: string }): string | null {
  const recorded = peers.getStore();
  if (recorded !== undefined) return recorded;
  // Outside our server (astro dev): the dev server's socket peer.
  try {
    return context.clientAddress;
  } catch {
    return null;
  }
}

/** The client's address for per-address limits (see resolveClientAddress), or null when unknown. */
export function clientAddressOf(context: { request: Request; clientAddress: string }): string | null {
  return resolveClientAddress(
    peerAddress(context),
    context.request.headers.get('x-forwarded-for'),
    getApp().config.trustedProxies,
  );
}
