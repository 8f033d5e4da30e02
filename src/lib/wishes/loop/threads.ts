// The private thread under an accepted offer: the wisher, the offerer and the
// site's author may read it; only the wisher and the offerer write in it, and either
// may share an email or website with the other, in one click, and only then.
// Each message is a notice (or, for a visitor, a mail) to the other side.
import type { ThreadSide } from '../../../../db/schema.ts';
import type { Db } from '../../db.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { renderMarkdown } from '../../markdown/markdown.ts';
import { takeHit } from '../../ratelimit/ratelimit.ts';
import { parseInput } from '../../validation.ts';
import { offererOf, wisherOf } from './announce.ts';
import { threadLink } from '../links.ts';
import { messageInput, shareInput } from './input.ts';
import { findAccountEmail, findOfferForOwner, type OwnedOffer } from './repo.ts';
import { threadSideOf, type Participant } from './participants.ts';
import { tellParty, type LoopContext, type Party } from './parties.ts';
import { hasShared, insertMessage, insertSharedDetail } from './thread-repo.ts';
import { contactSharedMail, messageMail } from '../visitors/visitor-mail.ts';

const MESSAGE_RULES = [
  { limit: 1, windowSeconds: 3 },
  { limit: 60, windowSeconds: 3600 },
];

/** The offer and the writer's side, or the reason they may not write here. */
async function openThread(
  db: Db,
  who: Participant,
  offerId: number,
): Promise<{ offer: OwnedOffer; side: 'wisher' | 'offerer' }> {
  const offer = await findOfferForOwner(db, offerId);
  if (!offer || offer.status !== 'approved' || offer.wish_status !== 'approved') {
    throw new NotFoundError('That offer was not found. It may have been removed.');
  }
  const side = threadSideOf(
    who,
    { userId: offer.wish_user_id, rootId: offer.wish_root_id },
    { id: offer.id, userId: offer.user_id, acceptedAt: offer.accepted_at },
  );
  if (offer.accepted_at === null) {
    throw new ConflictError('This offer has not been accepted yet, so there is no conversation under it.');
  }
  if (side === null || side === 'author') {
    throw new ForbiddenError('Only the wisher and the person who offered can talk here.');
  }
  if (offer.withdrawn_at) throw new ConflictError('This offer was withdrawn; its conversation is closed.');
  return { offer, side };
}

function nameOf(who: Participant, side: ThreadSide, offer: OwnedOffer): string {
  if (who.user) return who.user.name;
  return side === 'wisher' ? offer.wish_author_name : offer.author_name;
}

/** Whom a message from this side is for. */
function otherSide(side: 'wisher' | 'offerer', offer: OwnedOffer): Party {
  return side === 'wisher' ? offererOf(offer) : wisherOf(offer);
}

export async function postMessage(
  db: Db,
  who: Participant,
  raw: unknown,
  context: LoopContext & { rateLimitFactor?: number },
) {
  const input = parseInput(messageInput, raw);
  const { offer, side } = await openThread(db, who, input.offer_id);
  const rules = [{ bucket: `thread:${offer.id}:${side}`, rules: MESSAGE_RULES }];
  await takeHit(db, rules, context.now, context.rateLimitFactor ?? 1);
  const name = nameOf(who, side, offer);
  return db.transaction().execute(async (trx) => {
    const html = renderMarkdown(input.body, 'strict');
    const writer = { offerId: offer.id, side, userId: who.user?.id ?? null, authorName: name, now: context.now };
    const messageId = await insertMessage(trx, writer, { md: input.body, html });
    const link = threadLink(offer.wish_date, offer.wish_id, offer.id);
    await tellParty(
      trx,
      otherSide(side, offer),
      { kind: 'wish-message', message: `${name} wrote to you about a wish`, link },
      (base) => messageMail(base, name, input.body),
      context,
      who.user?.id ?? null,
    );
    return { messageId, offerId: offer.id, wishId: offer.wish_id, boardDate: offer.wish_date };
  });
}

/** Shares the writer's email (the one we know) or a website they give, with the other side. */
export async function shareContact(db: Db, who: Participant, raw: unknown, context: LoopContext) {
  const input = parseInput(shareInput, raw);
  const { offer, side } = await openThread(db, who, input.offerId);
  let value = input.website;
  if (input.what === 'email') {
    value = who.user
      ? await findAccountEmail(db, who.user.id)
      : side === 'wisher'
        ? offer.wish_author_email
        : offer.author_email;
    if (!value) throw new ConflictError('We have no email address for you to share.');
  }
  const detail = { kind: input.what, value: value! };
  if (await hasShared(db, offer.id, side, detail.kind, detail.value)) {
    throw new ConflictError(`You have already shared this ${detail.kind === 'email' ? 'email address' : 'website'}.`);
  }
  const name = nameOf(who, side, offer);
  return db.transaction().execute(async (trx) => {
    const writer = { offerId: offer.id, side, userId: who.user?.id ?? null, authorName: name, now: context.now };
    const messageId = await insertSharedDetail(trx, writer, detail);
    const what = detail.kind === 'email' ? 'email address' : 'website';
    await tellParty(
      trx,
      otherSide(side, offer),
      {
        kind: 'contact-shared',
        message: `${name} shared their ${what} with you`,
        link: threadLink(offer.wish_date, offer.wish_id, offer.id),
      },
      (base) => contactSharedMail(base, name, detail),
      context,
      who.user?.id ?? null,
    );
    return { messageId, offerId: offer.id, wishId: offer.wish_id, boardDate: offer.wish_date };
  });
}
