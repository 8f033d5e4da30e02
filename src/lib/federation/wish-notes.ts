// A wish on the fediverse: when a wish whose writer ticked "also share on the
// fediverse" is published (posted approved, or approved later), @wishes posts
// it as a Note to its followers: the wish's public words and a link to it,
// nothing else (never its writer's email, address or anything private). A row
// per wish (fediverse_announced_wishes) makes it go once however many
// processes look. A reply to that Note becomes an offer (wishes/remote-offers.ts).
import type { Context } from '@fedify/fedify';
import { Create, Note, PUBLIC_COLLECTION } from '@fedify/vocab';
import type { Db } from '../db.ts';
import { textToHtml } from '../markdown/markdown.ts';
import { absoluteUrl } from '../posts/feed.ts';
import { wishLink } from '../wishes/links.ts';
import { WISHES_ACTOR } from './board-actor.ts';
import { enqueueFanout } from './fanout.ts';
import { instantOf } from './time.ts';
import {
  claimWishAnnouncement,
  findSharedWishRow,
  listUnannouncedSharedWishes,
  unclaimWish,
  type SharedWishRow,
} from './wish-notes-repo.ts';

/** Wishes older than this when first seen published (a board long past, an import) are not news. */
const NEWS_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const BATCH = 20;

interface SharedWish {
  id: number;
  bodyHtml: string;
  boardDate: string;
  createdAt: Date;
}

/** The one Note dispatcher's id for a wish (the board's opening notes share the route: `board-<date>`). */
const wishNoteId = (wishId: number) => `wish-${wishId}`;

export function wishIdOfNote(id: string | undefined): number | null {
  const match = /^wish-(\d{1,15})$/.exec(id ?? '');
  return match ? Number(match[1]) : null;
}

const toSharedWish = (row: SharedWishRow): SharedWish => ({
  id: row.id,
  bodyHtml: row.body_html,
  boardDate: row.wish_date,
  createdAt: row.created_at,
});

/** A published wish its writer shared; null for any other (held, removed, not shared). */
export async function findSharedWish(db: Db, wishId: number): Promise<SharedWish | null> {
  const row = await findSharedWishRow(db, wishId);
  return row ? toSharedWish(row) : null;
}

export function wishNote(ctx: Context<void>, siteUrl: string, wish: SharedWish): Note {
  const link = absoluteUrl(siteUrl, wishLink(wish.boardDate, wish.id));
  const href = textToHtml(link);
  return new Note({
    id: ctx.getObjectUri(Note, { id: wishNoteId(wish.id) }),
    attribution: ctx.getActorUri(WISHES_ACTOR),
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(WISHES_ACTOR),
    // The wish's words as the board shows them (rendered with the strict policy), then its link.
    content: `<p>A wish on the board:</p>${wish.bodyHtml}<p>Reply to offer support: <a href="${href}">${href}</a></p>`,
    mediaType: 'text/html',
    url: new URL(link),
    published: instantOf(wish.createdAt),
  });
}

function createOfWishNote(ctx: Context<void>, note: Note): Create {
  return new Create({
    id: new URL(`${note.id!.href}#create`),
    actor: ctx.getActorUri(WISHES_ACTOR),
    object: note,
    published: note.published,
    tos: note.toIds,
    ccs: note.ccIds,
  });
}

/** Claims the shared wishes published lately whose note has not gone; each is claimed by one process only. */
async function claimWishesToAnnounce(db: Db, now: Date): Promise<SharedWish[]> {
  const rows = await listUnannouncedSharedWishes(db, new Date(now.getTime() - NEWS_WINDOW_MS), BATCH);
  const claimed: SharedWish[] = [];
  for (const row of rows) {
    const won = await claimWishAnnouncement(db, row.id, now);
    if (won) claimed.push(toSharedWish(row));
  }
  return claimed;
}

/** Sends the note of each newly published shared wish to @wishes's followers; resolves with how many went. */
export async function announceSharedWishes(
  federation: { createContext: (url: URL, data: void) => Context<void> },
  db: Db,
  now: Date,
  siteUrl: string,
): Promise<number> {
  const wishes = await claimWishesToAnnounce(db, now);
  if (wishes.length === 0) return 0;
  const ctx = federation.createContext(new URL(siteUrl), undefined);
  for (const [i, wish] of wishes.entries()) {
    try {
      const create = createOfWishNote(ctx, wishNote(ctx, siteUrl, wish));
      await enqueueFanout(db, ctx, WISHES_ACTOR, create, now);
    } catch (error) {
      // Not queued: this one and those after it go on the next run.
      for (const left of wishes.slice(i)) await unclaimWish(db, left.id);
      throw error;
    }
  }
  return wishes.length;
}
