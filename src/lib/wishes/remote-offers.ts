// Replies from the fediverse to a wish's note (posted by @wishes) as offers of
// support: the same board, the same moderation as a visitor's offer (a first
// reply from an account is held), the same notices. The remote actor stands
// where a visitor's email would: an approved reply earns it trust, and only it
// may delete what it wrote. Its HTML is sanitised as a visitor's comment is.
import type { ModerationStatus } from '../../../db/schema.ts';
import { wishChanged } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { htmlToText, sanitizeCommentHtml } from '../markdown/markdown.ts';
import { decideStatus } from '../moderation/rules.ts';
import { notifyAuthors } from '../notifications/notifications.ts';
import { areOffersOpen, type WishSchedule } from '../schedule/week.ts';
import { getSettings } from '../settings/settings.ts';
import { announceOffer } from './loop/announce.ts';
import { OFFER_MAX } from './input.ts';
import { wishLink } from './links.ts';
import type { LoopContext } from './loop/parties.ts';

export type { MailSink } from './loop/parties.ts';
import { findWishWithBoard, insertRemoteOffer } from './repo.ts';
import {
  findOfferByNote,
  findWishSharing,
  hasApprovedOfferFromActor,
  markRemoteOfferDeleted,
} from './remote-offers-repo.ts';

/** A Note from the fediverse, as the federation read it (Fedify checked the sender's signature). */
interface RemoteOfferNote {
  noteId: string;
  actorId: string;
  authorName: string;
  profileUrl: string;
  contentHtml: string;
}

interface RemoteOfferContext extends LoopContext {
  schedule: WishSchedule;
}

const NAME_MAX = 80;

/**
 * A reply to a shared wish's note becomes an offer (kind: encouragement), once
 * however often it is delivered. Null when the wish is not shared, not
 * published, its board's offers are closed, or the Note says nothing.
 */
export async function receiveRemoteOffer(
  db: Db,
  note: RemoteOfferNote,
  wishId: number,
  context: RemoteOfferContext,
): Promise<{ id: number; status: ModerationStatus } | null> {
  const known = await findOfferByNote(db, note.noteId);
  if (known) return known.fediverse_actor_id === note.actorId ? { id: known.id, status: known.status } : null;
  const wish = await findWishWithBoard(db, wishId);
  if (!wish || wish.status !== 'approved') return null;
  const shared = await findWishSharing(db, wishId);
  if (!shared?.share_on_fediverse) return null;
  const { timeZone, wishWeekday } = context.schedule;
  if (!areOffersOpen(context.now, timeZone, wishWeekday, wish.wish_date)) return null;
  const bodyHtml = sanitizeCommentHtml(note.contentHtml);
  const text = htmlToText(bodyHtml);
  if (text === '' || text.length > OFFER_MAX) return null;
  const authorName = note.authorName.trim().slice(0, NAME_MAX) || 'someone on the fediverse';
  const previouslyApproved = await hasApprovedOfferFromActor(db, note.actorId);
  const status = decideStatus({
    contributor: 'visitor',
    text: [authorName, note.profileUrl, text].join('\n'),
    linkCount: (bodyHtml.match(/<a\s/g) ?? []).length,
    previouslyApproved,
    settings: await getSettings(db),
  });
  return db.transaction().execute(async (trx) => {
    const offerId = await insertRemoteOffer(trx, {
      wishId: wish.id,
      userId: null,
      authorName,
      authorEmail: null,
      kind: 'encouragement',
      bodyMd: text,
      bodyHtml,
      status,
      ip: null,
      visitorTokenHash: null,
      now: context.now,
      remote: { actorId: note.actorId, noteId: note.noteId, profileUrl: note.profileUrl },
    });
    if (offerId === null) return null;
    if (status === 'spam') return { id: offerId, status };
    await recordChange(trx, wishChanged(wish.wish_date, wish.id, [status]));
    await notifyAuthors(
      trx,
      status === 'pending'
        ? {
            kind: 'offer-held',
            message: `An offer from ${authorName} is waiting for moderation`,
            link: '/admin/wishes',
          }
        : {
            kind: 'offer',
            message: `${authorName} offered encouragement on a wish`,
            link: wishLink(wish.wish_date, wish.id),
          },
      null,
    );
    if (status === 'approved') await announceOffer(trx, offerId, context);
    return { id: offerId, status };
  });
}

/** A Delete of the Note by the actor who wrote it: the offer is gone. */
export async function deleteRemoteOffer(db: Db, noteId: string, actorId: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const offer = await markRemoteOfferDeleted(trx, noteId, actorId, now);
    if (!offer) return false;
    const wish = await findWishWithBoard(trx, offer.wish_id);
    if (wish) await recordChange(trx, wishChanged(wish.wish_date, wish.id, ['approved', 'deleted']));
    return true;
  });
}
