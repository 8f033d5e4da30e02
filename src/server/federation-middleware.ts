// Hands WebFinger, NodeInfo and ActivityPub requests to Fedify, before the
// page cache (which never keeps them: route-rules.ts) and before sessions. Fedify
// verifies the signature of every inbox delivery itself; what it does not
// know goes on to the site's own pages. Inbox deliveries past the per-host
// limit (lib/federation/inbox-limit.ts) are answered 429 before Fedify reads them.
import { defineMiddleware } from 'astro:middleware';
import { RateLimitedError } from '../lib/errors.ts';
import { isHostBlocked } from '../lib/federation/blocks.ts';
import { claimedSenderHost, isInboxPath, limitInboxDelivery } from '../lib/federation/inbox-limit.ts';
import { getApp } from './app.ts';
import { clientAddressOf } from './client-address.ts';
import { isFederationPath } from './federation.ts';

async function tooFast(context: Parameters<Parameters<typeof defineMiddleware>[0]>[0]): Promise<Response | null> {
  if (context.request.method !== 'POST' || !isInboxPath(context.url.pathname)) return null;
  const { db, now } = getApp();
  try {
    await limitInboxDelivery(
      db,
      { host: claimedSenderHost(context.request.headers), address: clientAddressOf(context) },
      now(),
    );
    return null;
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    return new Response('Too many deliveries from this host; try again later.\n', {
      status: 429,
      headers: { 'retry-after': String(error.retryAfterSeconds), 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}

/** A delivery signed by a key on a domain the author blocked: 403, unread. */
async function fromBlockedDomain(context: Parameters<Parameters<typeof defineMiddleware>[0]>[0]): Promise<boolean> {
  if (context.request.method !== 'POST' || !isInboxPath(context.url.pathname)) return false;
  return isHostBlocked(getApp().db, claimedSenderHost(context.request.headers));
}

export const federation = defineMiddleware(async (context, next) => {
  if (!isFederationPath(context.url.pathname)) return next();
  const refused = await tooFast(context);
  if (refused) return refused;
  if (await fromBlockedDomain(context)) {
    return new Response('This domain is blocked here.\n', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  return getApp().federation.fetch(context.request, {
    contextData: undefined,
    onNotFound: () => next(),
    // A browser opening an actor's address gets the site's own answer (its 404 page).
    onNotAcceptable: () => next(),
  });
});
