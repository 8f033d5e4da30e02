// One mail as /admin/mail shows it. A token-bearing link is never stored
// (live-links.ts), and the page does not mint one for someone else: it shows
// where the link goes with its token hidden, and, when no SMTP is configured,
// how that person can get a link of their own. The author's own kept mail gets
// a fresh link, so a site without SMTP can still be run by its author.
import type { OutboxRow } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { fillLink } from './compose.ts';
import type { MailContext } from './context.ts';
import { findOutboxMail } from './outbox-repo.ts';
import { liveLinkUrl, withLiveLink, type LiveLink } from './live-links.ts';

/** Stands for the token of a link the page does not show. */
export const HIDDEN_TOKEN = '(hidden)';

interface MailView {
  row: OutboxRow;
  text: string;
  headers: Record<string, string>;
  /** none: no link; yours: minted now for the viewer; hidden: someone else's; ended: it may no longer exist. */
  link: 'none' | 'yours' | 'hidden' | 'ended';
  /** For a hidden link while mail cannot be sent: how its recipient can get one. */
  advice: string | null;
}

function adviceFor(link: LiveLink): string {
  switch (link.type) {
    case 'reset':
      return 'Once SMTP_URL is set, they can ask for a new reset link on the “Forgot your password?” page. Until then, you can set a password for them from the shell with npm run reset-password.';
    case 'verify':
      return 'Once SMTP_URL is set, they can ask for a new link on their account page (“Send the confirmation link again”).';
    case 'manage':
      return 'Once SMTP_URL is set, they can ask for a new link by email on the wish’s page (“Lost your private link?”).';
    case 'unsubscribe':
      return link.recipient.startsWith('u:')
        ? 'They can turn these emails off on their account page at any time.'
        : 'Once SMTP_URL is set, every mail they get carries its own link to stop them.';
    case 'confirm-replies':
      return 'Once SMTP_URL is set, a new confirmation goes out the next time they ask for replies to a comment.';
    case 'follow-confirm':
      return 'Once SMTP_URL is set, they can ask again with the “Follow by email” form (one confirmation a day).';
    case 'follow-stop':
      return 'Once SMTP_URL is set, every mail they get carries its own link to stop them; you can remove them at /admin/subscribers.';
    case 'moderator-invite':
      return 'Once SMTP_URL is set, cancel this invitation at /admin/moderators and invite them again.';
  }
}

export async function viewOutboxMail(
  db: Db,
  id: number,
  viewer: { userId: string; mailConfigured: boolean },
  context: MailContext,
  now: Date,
): Promise<MailView | null> {
  const row = await findOutboxMail(db, id);
  if (!row) return null;
  const stored = { text: row.text_body, html: row.html_body, headers: row.headers };
  if (!row.link) return { row, ...stored, link: 'none', advice: null };
  if (row.user_id === viewer.userId && row.status === 'kept') {
    const minted = await withLiveLink(db, row, context, now);
    if (minted) return { row, text: minted.text, headers: minted.headers, link: 'yours', advice: null };
    return {
      row,
      ...fillLink(stored, liveLinkUrl(context, row.link, HIDDEN_TOKEN), HIDDEN_TOKEN),
      link: 'ended',
      advice: null,
    };
  }
  return {
    row,
    ...fillLink(stored, liveLinkUrl(context, row.link, HIDDEN_TOKEN), HIDDEN_TOKEN),
    link: 'hidden',
    advice: viewer.mailConfigured ? null : adviceFor(row.link),
  };
}
