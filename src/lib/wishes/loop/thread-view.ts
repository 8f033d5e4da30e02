// The private threads a viewer may read on a wish's page, built from one query.
import type { SharedKind, ThreadSide } from '../../../../db/schema.ts';
import type { Db } from '../../db.ts';
import { findOfferForOwner } from './repo.ts';
import { threadSideOf, type Participant } from './participants.ts';
import { selectMessages } from './thread-repo.ts';

interface MessageView {
  id: number;
  side: ThreadSide;
  authorName: string;
  /** Sanitised Markdown (src/lib/markdown), or null for a shared detail. */
  bodyHtml: string | null;
  shared: { kind: SharedKind; value: string; href: string } | null;
  createdAt: Date;
  /** Written from the viewer's side. */
  mine: boolean;
}

export interface ThreadView {
  side: ThreadSide;
  messages: MessageView[];
  /** The wisher and the offerer write; the thread closes when the offer is withdrawn. */
  canWrite: boolean;
  /** What the viewer already shared here. */
  shared: { email: boolean; website: boolean };
  canShare: boolean;
  /** The viewer is a visitor (shares the email they gave) or an account. */
  viaLink: boolean;
}

/** A shared detail as a link: mailto: for an email, the address itself (http/https, checked on input) for a website. */
function sharedHref(kind: SharedKind, value: string): string {
  return kind === 'email' ? `mailto:${value}` : value;
}

export async function buildThreads(
  db: Db,
  sides: Map<number, ThreadSide>,
  offers: { id: number; withdrawn_at: Date | null }[],
  who: Participant,
): Promise<Map<number, ThreadView>> {
  const threads = new Map<number, ThreadView>();
  if (sides.size === 0) return threads;
  const rows = await selectMessages(db, [...sides.keys()]);
  for (const offer of offers) {
    const side = sides.get(offer.id);
    if (!side) continue;
    const messages = rows
      .filter((m) => m.offer_id === offer.id)
      .map((m) => ({
        id: m.id,
        side: m.side,
        authorName: m.author_name,
        bodyHtml: m.body_html,
        shared:
          m.shared_kind && m.shared_value
            ? { kind: m.shared_kind, value: m.shared_value, href: sharedHref(m.shared_kind, m.shared_value) }
            : null,
        createdAt: m.created_at,
        mine: m.side === side,
      }));
    const mineShared = (kind: SharedKind) => messages.some((m) => m.mine && m.shared?.kind === kind);
    const open = offer.withdrawn_at === null;
    threads.set(offer.id, {
      side,
      messages,
      canWrite: open && side !== 'author',
      shared: { email: mineShared('email'), website: mineShared('website') },
      canShare: open && side !== 'author',
      viaLink: who.user === null,
    });
  }
  return threads;
}

interface AuthorThreadPage {
  offerId: number;
  wishId: number;
  boardDate: string;
  wisherName: string;
  offererName: string;
  thread: ThreadView;
}

/**
 * An accepted offer's private thread as the site's author reads it (at
 * /admin/threads/:id, whose page is guarded for the author alone); null when
 * the offer does not exist or has no thread.
 */
export async function loadThreadForAuthor(db: Db, offerId: number, who: Participant): Promise<AuthorThreadPage | null> {
  const offer = await findOfferForOwner(db, offerId);
  if (!offer || offer.accepted_at === null) return null;
  const side = threadSideOf(
    who,
    { userId: offer.wish_user_id, rootId: offer.wish_root_id },
    { id: offer.id, userId: offer.user_id, acceptedAt: offer.accepted_at },
  );
  if (side === null) return null;
  const threads = await buildThreads(db, new Map([[offer.id, side]]), [offer], who);
  const thread = threads.get(offer.id);
  if (!thread) return null;
  return {
    offerId: offer.id,
    wishId: offer.wish_id,
    boardDate: offer.wish_date,
    wisherName: offer.wish_author_name,
    offererName: offer.author_name,
    thread,
  };
}
