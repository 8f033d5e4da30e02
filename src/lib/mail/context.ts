// What composing a mail needs to know about the site. Built from the Config by
// whoever holds it; notify() falls back to the process's config.
import { getConfig, type Config } from '../config.ts';

export interface MailContext {
  /** Absolute base for every link, without a trailing slash. */
  siteUrl: string;
  siteTimezone: string;
  /** The moderation mail to an author goes out at most once per this many minutes. */
  moderationBatchMinutes: number;
}

const MODERATION_BATCH_MINUTES = 15;

export function mailContextOf(config: Pick<Config, 'siteUrl' | 'siteTimezone'>): MailContext {
  return {
    siteUrl: config.siteUrl,
    siteTimezone: config.siteTimezone,
    moderationBatchMinutes: MODERATION_BATCH_MINUTES,
  };
}

/** The context of this process, for callers (like notify) that are not handed one. */
export function processMailContext(): MailContext {
  return mailContextOf(getConfig());
}

/** A site path ("/posts/x#comment-3") as an absolute link, keeping any path SITE_URL has. */
export function absoluteUrl(context: MailContext, path: string): string {
  return path.startsWith('/') ? `${context.siteUrl}${path}` : new URL(path, `${context.siteUrl}/`).href;
}
