// Who is acting on the wish loop: the signed-in account, and a visitor's manage
// link when the request is for /wishes/manage/<token> (a page, or a form posted
// to it: the token travels in the path, never in a cookie or a form field).
import type { ActionAPIContext } from 'astro:actions';
import { ActionError } from 'astro:actions';
import { manageTokenFromPath, resolveManageLink } from '../lib/wishes/visitors/manage-links.ts';
import type { Participant } from '../lib/wishes/loop/participants.ts';
import { getApp } from './app.ts';
import { outboxMailSink } from './mail-sink.ts';

interface RequestLike {
  url: URL;
  locals: App.Locals;
}

export async function participantOf(context: RequestLike): Promise<Participant> {
  const user = context.locals.user;
  const token = manageTokenFromPath(context.url.pathname);
  return {
    user: user ? { id: user.id, name: user.name, role: user.role } : null,
    link: token ? await resolveManageLink(getApp().db, token, getApp().now()) : null,
  };
}

/** An account or a working manage link; otherwise the action is refused (401), as for visitors elsewhere. */
export async function requireParticipant(context: ActionAPIContext): Promise<Participant> {
  const who = await participantOf(context);
  if (!who.user && !who.link) {
    throw new ActionError({
      code: 'UNAUTHORIZED',
      message: 'Please log in, or open the private link we sent you to manage your wish or offer.',
    });
  }
  return who;
}

/** What the wish loop's rules need from the app: the clock, absolute links, and where visitors' mail goes. */
export function loopContext() {
  const app = getApp();
  // Visitors' mail goes into the outbox (src/server/mail-sink.ts), in the same transaction as the news.
  return {
    now: app.now(),
    siteUrl: app.config.siteUrl,
    sendMail: outboxMailSink(app.config),
    rateLimitFactor: app.config.rateLimitFactor,
  };
}
