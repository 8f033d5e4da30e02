// Hands WebFinger, NodeInfo and ActivityPub requests to Fedify, before the
// page cache (which never keeps them: rules.ts) and before sessions. Fedify
// verifies the signature of every inbox delivery itself; what it does not
// know goes on to the site's own pages.
import { defineMiddleware } from 'astro:middleware';
import { getApp } from './app.ts';
import { isFederationPath } from './federation.ts';

export const federation = defineMiddleware((context, next) => {
  if (!isFederationPath(context.url.pathname)) return next();
  return getApp().federation.fetch(context.request, {
    contextData: undefined,
    onNotFound: () => next(),
    // A browser opening an actor's address gets the site's own answer (its 404 page).
    onNotAcceptable: () => next(),
  });
});
