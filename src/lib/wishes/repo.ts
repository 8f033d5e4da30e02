// SQL for wishes and offers (cheers are reactions: src/lib/reactions/). Rules live in service.ts.
import { sql, type RawBuilder } from 'kysely';
import type { ModerationStatus, OfferKind, OfferOrigin } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { cheerColumns } from '../reactions/repo.ts';
import { selectOffersOnBoards } from './offer-rows-repo.ts';

/** Who is looking: their own held items are shown to them alone. */
export interface Viewer {
  userId: string | null;
  visitorTokenHash: string | null;
}

/** Approved items, plus the viewer's own items still held for moderation. */
export function visibleTo(table: 'wishes' | 'offers', viewer: Viewer): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${table}.${name}`);
  const mine: RawBuilder<unknown>[] = [];
  if (viewer.userId) mine.push(sql`${col('user_id')} = ${viewer.userId}`);
  if (viewer.visitorTokenHash) mine.push(sql`${col('visitor_token_hash')} = ${viewer.visitorTokenHash}`);
  if (mine.length === 0) return sql<boolean>`${col('status')} = 'approved'`;
  return sql<boolean>`(${col('status')} = 'approved' or (${col('status')} = 'pending' and (${sql.join(mine, sql` or `)})))`;
}

interface NewWishRow {
  boardId: number;
  userId: string | null;
  authorName: string;
  authorEmail: string | null;
  bodyMd: string;
  bodyHtml: string;
  status: ModerationStatus;
  ip: string | null;
  visitorTokenHash: string | null;
  now: Date;
  blogUrl?: string | null;
  /** Its writer asked for it to be posted on the fediverse by @wishes once approved. */
  shareOnFediverse?: boolean;
  /** A wish carried forward: the wish it continues and the first of its chain. */
  carriedFromId?: number | null;
  rootWishId?: number | null;
}

export async function insertWish(db: Db, w: NewWishRow): Promise<number> {
  const row = await db
    .insertInto('wishes')
    .values({
      board_id: w.boardId,
      user_id: w.userId,
      author_name: w.authorName,
      author_email: w.authorEmail,
      body_md: w.bodyMd,
      body_html: w.bodyHtml,
      status: w.status,
      ip: w.ip,
      visitor_token_hash: w.visitorTokenHash,
      blog_url: w.blogUrl ?? null,
      share_on_fediverse: w.shareOnFediverse ?? false,
      carried_from_id: w.carriedFromId ?? null,
      root_wish_id: w.rootWishId ?? null,
      created_at: w.now,
      updated_at: w.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

interface NewOfferRow extends Omit<
  NewWishRow,
  'boardId' | 'blogUrl' | 'carriedFromId' | 'rootWishId' | 'shareOnFediverse'
> {
  wishId: number;
  kind: OfferKind;
  origin?: OfferOrigin;
}

export async function insertOffer(db: Db, o: NewOfferRow): Promise<number> {
  const row = await db
    .insertInto('offers')
    .values({
      wish_id: o.wishId,
      user_id: o.userId,
      author_name: o.authorName,
      author_email: o.authorEmail,
      kind: o.kind,
      body_md: o.bodyMd,
      body_html: o.bodyHtml,
      status: o.status,
      ip: o.ip,
      visitor_token_hash: o.visitorTokenHash,
      origin: o.origin ?? 'board',
      created_at: o.now,
      updated_at: o.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An offer that came as a reply from the fediverse; null when that Note is already an offer (delivered twice at once). */
export async function insertRemoteOffer(
  db: Db,
  o: NewOfferRow & { remote: { actorId: string; noteId: string; profileUrl: string } },
): Promise<number | null> {
  const row = await db
    .insertInto('offers')
    .values({
      wish_id: o.wishId,
      user_id: null,
      author_name: o.authorName,
      author_email: null,
      kind: o.kind,
      body_md: o.bodyMd,
      body_html: o.bodyHtml,
      status: o.status,
      origin: 'wish_page',
      fediverse_actor_id: o.remote.actorId,
      fediverse_note_id: o.remote.noteId,
      author_url: o.remote.profileUrl,
      created_at: o.now,
      updated_at: o.now,
    })
    .onConflict((oc) => oc.column('fediverse_note_id').where('fediverse_note_id', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** A wish with its board's date, whatever its status; null if there is none. */
export async function findWishWithBoard(db: Db, wishId: number) {
  const row = await db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select([
      'wishes.id',
      'wishes.board_id',
      'boards.wish_date',
      'wishes.user_id',
      'wishes.author_name',
      'wishes.status',
      'wishes.granted_at',
    ])
    .where('wishes.id', '=', wishId)
    .executeTakeFirst();
  return row ?? null;
}

/** Marks a wish granted unless it already is; true when this call did it. */
export async function markGranted(
  db: Db,
  wishId: number,
  note: { md: string | null; html: string | null },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('wishes')
    .set({ granted_at: now, thank_you_md: note.md, thank_you_html: note.html, updated_at: now })
    .where('id', '=', wishId)
    .where('granted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks an offer accepted unless it already is; true when this call did it. */
export async function markAccepted(db: Db, offerId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('offers')
    .set({ accepted_at: now, updated_at: now })
    .where('id', '=', offerId)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets a wish's or an offer's status; returns the status it had, or null if it does not exist. */
export async function setStatus(
  db: Db,
  table: 'wishes' | 'offers',
  id: number,
  status: ModerationStatus,
  now: Date,
): Promise<ModerationStatus | null> {
  const before = await db.selectFrom(table).select('status').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!before) return null;
  await db.updateTable(table).set({ status, updated_at: now }).where('id', '=', id).execute();
  return before.status;
}

/**
 * The board's wishes the viewer may see, newest first, with cheer counts and
 * whether any offer was published on them; at most `limit`, older than `before` (an id).
 */
export function selectVisibleWishes(
  db: Db,
  boardId: number,
  viewer: Viewer,
  page: { before: number | null; limit: number } = { before: null, limit: 10_000 },
) {
  let query = db
    .selectFrom('wishes')
    .select((eb) => [
      'wishes.id',
      'wishes.user_id',
      'wishes.author_name',
      'wishes.body_html',
      'wishes.status',
      'wishes.granted_at',
      'wishes.thank_you_html',
      'wishes.created_at',
      ...cheerColumns(eb, viewer.userId),
    ])
    .where('wishes.board_id', '=', boardId)
    .where(visibleTo('wishes', viewer));
  if (page.before !== null) query = query.where('wishes.id', '<', page.before);
  // Keyset paging on the id: a page holds the same wishes however many arrive after it.
  return query.orderBy('wishes.id', 'desc').limit(page.limit).execute();
}

/** How many wishes on the board the viewer may see. */
export async function countVisibleWishes(db: Db, boardId: number, viewer: Viewer): Promise<number> {
  const row = await db
    .selectFrom('wishes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('wishes.board_id', '=', boardId)
    .where(visibleTo('wishes', viewer))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Alike page-repo.ts selectPageOffers: kept apart because the wish's page also reads the Markdown (to edit) and lets
// a manage link see its own held offer.
/** Offers on these wishes the viewer may see, oldest first. */
export async function selectVisibleOffers(db: Db, wishIds: number[], viewer: Viewer) {
  if (wishIds.length === 0) return [];
  return db
    .selectFrom('offers')
    .select([
      'offers.id',
      'offers.wish_id',
      'offers.user_id',
      'offers.author_name',
      'offers.author_url',
      'offers.kind',
      'offers.body_html',
      'offers.status',
      'offers.accepted_at',
      'offers.withdrawn_at',
      'offers.created_at',
    ])
    .where('offers.wish_id', 'in', wishIds)
    .where(visibleTo('offers', viewer))
    .orderBy('offers.created_at')
    .orderBy('offers.id')
    .execute();
}

// Alike selectOffersForModeration below and the export readers: kept apart because only the join-and-select shape is
// shared.
/** Wishes with a status for the moderation page: held ones oldest first, others newest first. */
export function selectWishesForModeration(db: Db, status: ModerationStatus, limit: number) {
  return db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select([
      'wishes.id',
      'boards.wish_date',
      'wishes.author_name',
      'wishes.author_email',
      'wishes.user_id',
      'wishes.body_md',
      'wishes.spam_score',
      'wishes.moderation_reason',
      'wishes.status',
      'wishes.created_at',
    ])
    .where('wishes.status', '=', status)
    .orderBy('wishes.created_at', status === 'pending' ? 'asc' : 'desc')
    .limit(limit)
    .execute();
}

// Alike selectWishesForModeration above: kept apart because offers are another table, with their kind and the wish
// they answer.
/** Offers with a status for the moderation page, with the wish they answer. */
export function selectOffersForModeration(db: Db, status: ModerationStatus, limit: number) {
  return selectOffersOnBoards(db)
    .select([
      'offers.id',
      'boards.wish_date',
      'offers.author_name',
      'offers.author_email',
      'offers.user_id',
      'offers.body_md',
      'offers.spam_score',
      'offers.moderation_reason',
      'offers.status',
      'offers.kind',
      'offers.created_at',
      'wishes.body_md as wish_body_md',
    ])
    .where('offers.status', '=', status)
    .orderBy('offers.created_at', status === 'pending' ? 'asc' : 'desc')
    .limit(limit)
    .execute();
}

export async function selectWishReminder(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('wish_reminder').where('id', '=', userId).executeTakeFirst();
  return row?.wish_reminder ?? false;
}

export async function updateWishReminder(db: Db, userId: string, on: boolean): Promise<void> {
  await db.updateTable('users').set({ wish_reminder: on }).where('id', '=', userId).execute();
}
