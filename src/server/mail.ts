// The edge's side of mail: the context requests compose with, and the
// transport jobs deliver through (none without SMTP_URL: mail is kept).
import type { ActionAPIContext } from 'astro:actions';
import type { RequestContext } from '../lib/auth/signup.ts';
import { mailContextOf } from '../lib/mail/context.ts';
import { getApp } from './app.ts';
import { clientAddressOf } from './client-address.ts';

/** Who is asking, and when, for the account flows that mail (sign-up, reset, change of email). */
export function mailRequestContext(context: ActionAPIContext): RequestContext {
  const { config, now } = getApp();
  return {
    ip: clientAddressOf(context),
    now: now(),
    rateLimitFactor: config.rateLimitFactor,
    mail: mailContextOf(config),
  };
}
