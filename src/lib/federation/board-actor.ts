// The wish board on the fediverse: an actor of its own (`@wishes@host`) that
// people follow to join the weekly ritual without an account. When a board
// opens, its followers get a Note ("The wish board is open: <prompt>") linking
// to the board; a row per board (fediverse_announced_boards) makes it go once
// however many processes look. Boards opened more than a day before the first
// look (a restart, an import) are not news.
import type { Context } from '@fedify/fedify';
import { Endpoints, Note, PUBLIC_COLLECTION, Service } from '@fedify/vocab';
import { Create } from '@fedify/vocab';
import type { Db } from '../db.ts';
import { textToHtml } from '../markdown/markdown.ts';
import { absoluteUrl } from '../posts/feed.ts';
import { getSettings } from '../settings/settings.ts';
import { listBoardsOpenedSince, type Board } from '../wishes/board/boards.ts';
import { enqueueFanout } from './fanout.ts';
import { claimBoardAnnouncement, unclaimBoardAnnouncement } from './repo.ts';
import { instantOf } from './time.ts';

/** The board actor's fixed identifier and handle. */
export const WISHES_ACTOR = 'wishes';

const NEWS_WINDOW_MS = 24 * 60 * 60 * 1000;
const BATCH = 10;

export async function wishesActor(ctx: Context<void>, db: Db, siteUrl: string): Promise<Service> {
  const [settings, keys] = await Promise.all([getSettings(db), ctx.getActorKeyPairs(WISHES_ACTOR)]);
  return new Service({
    id: ctx.getActorUri(WISHES_ACTOR),
    preferredUsername: WISHES_ACTOR,
    name: `${settings.siteName}: the wish board`,
    summary: '<p>Once a week the wish board opens: name one thing that would help you, and help another.</p>',
    url: new URL(absoluteUrl(siteUrl, '/wishes')),
    inbox: ctx.getInboxUri(WISHES_ACTOR),
    followers: ctx.getFollowersUri(WISHES_ACTOR),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    manuallyApprovesFollowers: false,
    discoverable: true,
    publicKey: keys[0]!.cryptographicKey,
    assertionMethods: keys.map((key) => key.multikey),
  });
}

/** The one Note dispatcher's id for a board's opening note (wishes' notes share the route: wish-notes.ts). */
const boardNoteId = (date: string) => `board-${date}`;

export function boardDateOfNote(id: string | undefined): string | null {
  return /^board-(\d{4}-\d{2}-\d{2})$/.exec(id ?? '')?.[1] ?? null;
}

/** The note a board's opening is: its prompt and a link to it. */
export function boardNote(
  ctx: Context<void>,
  siteUrl: string,
  board: Pick<Board, 'date' | 'prompt' | 'openedAt'>,
): Note {
  const link = absoluteUrl(siteUrl, `/wishes/${board.date}`);
  return new Note({
    id: ctx.getObjectUri(Note, { id: boardNoteId(board.date) }),
    attribution: ctx.getActorUri(WISHES_ACTOR),
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(WISHES_ACTOR),
    content: `<p>The wish board is open: ${textToHtml(board.prompt)}</p><p><a href="${textToHtml(link)}">${textToHtml(link)}</a></p>`,
    mediaType: 'text/html',
    url: new URL(link),
    published: instantOf(board.openedAt),
  });
}

/** Sends the opening note of each board opened in the last day that has not gone yet; resolves with how many went. */
export async function announceOpenedBoards(
  federation: { createContext: (url: URL, data: void) => Context<void> },
  db: Db,
  now: Date,
  siteUrl: string,
): Promise<number> {
  const boards = await listBoardsOpenedSince(db, new Date(now.getTime() - NEWS_WINDOW_MS), BATCH);
  if (boards.length === 0) return 0;
  const ctx = federation.createContext(new URL(siteUrl), undefined);
  let sent = 0;
  for (const board of boards) {
    const claimed = await claimBoardAnnouncement(db, board.id, now);
    if (!claimed) continue;
    const note = boardNote(ctx, siteUrl, board);
    const create = new Create({
      id: new URL(`${note.id!.href}#create`),
      actor: ctx.getActorUri(WISHES_ACTOR),
      object: note,
      published: note.published,
      tos: note.toIds,
      ccs: note.ccIds,
    });
    try {
      await enqueueFanout(db, ctx, WISHES_ACTOR, create, now);
    } catch (error) {
      // Not queued: the next run tries again.
      await unclaimBoardAnnouncement(db, board.id);
      throw error;
    }
    sent++;
  }
  return sent;
}
