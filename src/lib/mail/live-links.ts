// Token-bearing links are minted when their mail is sent, not when it is queued:
// the outbox keeps what a link is for (a LiveLink) and LINK_SLOT in the text, so
// neither the table nor /admin/mail ever holds a link that works. Minting stores
// only a hash (or signs with the key in the database), so a mail's link exists in
// plain text only in the message on its way to the relay.
import type { LiveLinkJson } from '../../../db/schema.ts';
import { issueAccountToken } from '../auth/email-links.ts';
import { mintModeratorInvitation } from '../auth/moderator-links.ts';
import type { Db } from '../db.ts';
import { issueManageLink, manageLinkPath } from '../wishes/visitors/manage-links.ts';
import { fillLink } from './compose.ts';
import { absoluteUrl, type MailContext } from './context.ts';
import { TOKEN_KIND as CONFIRMATION_TOKEN_KIND } from './address-opt-in.ts';
import { followSubject } from './followers.ts';
import { signingKey, signWith } from './tokens.ts';

export type LiveLink = LiveLinkJson;

/** A link's path with `token` in it (a real token, or a word saying it is hidden). */
export function liveLinkPath(link: LiveLink, token: string): string {
  if (link.type === 'manage') return manageLinkPath(token);
  if (link.type === 'follow-confirm') return `/follow/confirm?token=${token}`;
  if (link.type === 'follow-stop') return `/unsubscribe?token=${token}`;
  return `/${link.type}?token=${token}`;
}

export function liveLinkUrl(context: MailContext, link: LiveLink, token: string): string {
  return absoluteUrl(context, liveLinkPath(link, token));
}

/**
 * Mints the token of a mail's link at send time; null when the link must not
 * exist any more (the account is gone, or a reset mail was queued before the
 * password was changed).
 */
export async function mintLiveLink(db: Db, link: LiveLink, now: Date): Promise<string | null> {
  switch (link.type) {
    case 'verify':
    case 'reset': {
      const queuedAt = new Date(link.queuedAt);
      return issueAccountToken(db, { userId: link.userId, purpose: link.type, email: link.email, queuedAt }, now);
    }
    case 'manage':
      return issueManageLink(db, 'wishId' in link ? { wishId: link.wishId } : { offerId: link.offerId }, now);
    case 'unsubscribe':
      return signWith(await signingKey(db), { recipient: link.recipient, kind: link.kind });
    case 'confirm-replies':
      return signWith(await signingKey(db), {
        recipient: `e:${link.email}`,
        kind: CONFIRMATION_TOKEN_KIND[link.purpose ?? 'replies'],
      });
    case 'follow-confirm':
    case 'follow-stop':
      return signWith(await signingKey(db), followSubject(link));
    case 'moderator-invite':
      return mintModeratorInvitation(db, link.invitationId, now);
  }
}

interface StoredParts {
  text_body: string;
  html_body: string;
  headers: Record<string, string>;
  link: LiveLink | null;
}

/** A stored mail's parts with its link minted in place of the slot; null when its link was ended. */
export async function withLiveLink(
  db: Db,
  row: StoredParts,
  context: MailContext,
  now: Date,
): Promise<{ text: string; html: string; headers: Record<string, string> } | null> {
  const parts = { text: row.text_body, html: row.html_body, headers: row.headers };
  if (!row.link) return parts;
  const token = await mintLiveLink(db, row.link, now);
  return token === null ? null : fillLink(parts, liveLinkUrl(context, row.link, token), token);
}
