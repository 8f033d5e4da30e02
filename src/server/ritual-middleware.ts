// Before a page or action that the page cache did not answer: read the content
// versions (if the cache did not already), so this process follows a ritual
// (wish day, opening hour, time zone) another process just changed (see
// followingTheRitual in app.ts). The state read serves the page's layout too.
import { defineMiddleware } from 'astro:middleware';
import { getApp } from './app.ts';

export const followRitual = defineMiddleware(async (context, next) => {
  context.locals.contentVersion ??= await getApp().readContentVersion();
  return next();
});
