// The author's side of the board: the queue of wishes and offers, and decisions on them.
import type { ModerationStatus, OfferKind } from '../../../db/schema.ts';
import { wishChanged } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { blockCovers, type BlockRow } from '../moderation/blocks.ts';
import { NotFoundError } from '../errors.ts';
import { learnFromDecision } from '../moderation/spam/filter.ts';
import { describeScore } from '../moderation/spam/view.ts';
import { parseInput } from '../validation.ts';
import { announceOffer } from './loop/announce.ts';
import { moderateInput } from './input.ts';
import type { MailSink } from './loop/parties.ts';
import { findOfferForOwner } from './loop/repo.ts';
import { findWishWithBoard, selectOffersForModeration, selectWishesForModeration, setStatus } from './repo.ts';
import { listLiveWriters } from './writers-repo.ts';

export interface QueueItem {
  target: 'wish' | 'offer';
  id: number;
  boardDate: string;
  authorName: string;
  authorEmail: string | null;
  isReader: boolean;
  bodyMd: string;
  status: ModerationStatus;
  kind: OfferKind | null;
  /** For an offer: the wish it answers (its Markdown source). */
  wishBodyMd: string | null;
  createdAt: Date;
  /** Why the rules held it or sent it to spam, and the spam filter's score (moderation/spam/view.ts). */
  reason: string | null;
  spamScore: string | null;
}

/** Held items first (oldest first), then the most recent published ones for second thoughts. */
export async function listModerationQueue(
  db: Db,
  options: { recent?: number; withContact?: boolean } = {},
): Promise<{ pending: QueueItem[]; recent: QueueItem[] }> {
  const recent = options.recent ?? 20;
  // A moderator's queue carries no email address (lib/auth/roles.ts).
  const contact = options.withContact ?? true;
  const wishes = (status: 'pending' | 'approved') =>
    selectWishesForModeration(db, status, status === 'pending' ? 200 : recent);
  const offers = (status: 'pending' | 'approved') =>
    selectOffersForModeration(db, status, status === 'pending' ? 200 : recent);
  const [pw, po, rw, ro] = await Promise.all([
    wishes('pending'),
    offers('pending'),
    wishes('approved'),
    offers('approved'),
  ]);
  type WishRow = Awaited<ReturnType<typeof wishes>>[number];
  type OfferRow = Awaited<ReturnType<typeof offers>>[number];
  const fromWish = (r: WishRow): QueueItem => ({
    target: 'wish',
    id: r.id,
    boardDate: r.wish_date,
    authorName: r.author_name,
    authorEmail: contact ? r.author_email : null,
    isReader: r.user_id !== null,
    bodyMd: r.body_md,
    status: r.status,
    kind: null,
    wishBodyMd: null,
    createdAt: r.created_at,
    reason: r.moderation_reason,
    spamScore: describeScore(r.spam_score),
  });
  const fromOffer = (r: OfferRow): QueueItem => ({
    ...fromWish(r),
    target: 'offer',
    kind: r.kind,
    wishBodyMd: r.wish_body_md,
  });
  const byTime = (direction: 1 | -1) => (a: QueueItem, b: QueueItem) =>
    direction * (a.createdAt.getTime() - b.createdAt.getTime());
  return {
    pending: [...pw.map(fromWish), ...po.map(fromOffer)].sort(byTime(1)),
    recent: [...rw.map(fromWish), ...ro.map(fromOffer)].sort(byTime(-1)).slice(0, recent),
  };
}

/** Approves, marks as spam or deletes a wish or an offer. Approving a held offer tells the wisher. */
export async function moderate(
  db: Db,
  raw: unknown,
  context: { now: Date; siteUrl?: string; sendMail?: MailSink | null; learn?: boolean },
) {
  const input = parseInput(moderateInput, raw);
  const table = input.target === 'wish' ? 'wishes' : 'offers';
  return db.transaction().execute(async (trx) => {
    const before = await setStatus(trx, table, input.id, input.status, context.now);
    if (before === null) {
      throw new NotFoundError(`That ${input.target} was not found. It may have been removed already.`);
    }
    // A person's approve or spam teaches the spam filter (a block's sweep passes learn: false).
    if ((context.learn ?? true) && before !== input.status && input.status !== 'deleted') {
      const label = input.status === 'spam' ? 'spam' : input.status === 'approved' ? 'ham' : null;
      if (label) await learnFromDecision(trx, table, [input.id], label);
    }
    if (input.target === 'offer' && input.status === 'approved' && before !== 'approved') {
      await announceOffer(trx, input.id, {
        now: context.now,
        siteUrl: context.siteUrl ?? '',
        sendMail: context.sendMail ?? null,
      });
    }
    const offer = input.target === 'offer' ? await findOfferForOwner(trx, input.id) : null;
    const wish = offer ? { id: offer.wish_id, date: offer.wish_date } : await findWishOnBoard(trx, input.id);
    if (wish) await recordChange(trx, wishChanged(wish.date, wish.id, [before, input.status]));
    return { target: input.target, id: input.id, status: input.status };
  });
}

async function findWishOnBoard(db: Db, wishId: number): Promise<{ id: number; date: string } | null> {
  const wish = await findWishWithBoard(db, wishId);
  return wish ? { id: wish.id, date: wish.wish_date } : null;
}

/** A block's one step: every wish and offer its writer has published or held goes to spam; returns how many. */
export async function spamWishesCoveredBy(
  db: Db,
  block: Pick<BlockRow, 'kind' | 'value'>,
  context: { now: Date },
): Promise<number> {
  let changed = 0;
  for (const table of ['wishes', 'offers'] as const) {
    const rows = await listLiveWriters(db, table);
    for (const row of rows.filter((r) => blockCovers(block, r))) {
      await moderate(
        db,
        { target: table === 'wishes' ? 'wish' : 'offer', id: String(row.id), status: 'spam' },
        { ...context, learn: false },
      );
      changed++;
    }
  }
  return changed;
}
