// Share cards for every post, page, wish and board (and the home page): the
// og:image when there is no cover. A card is drawn from its words; the
// fingerprint of those words names the drawing, so a renamed post or site gets
// a new card on the next request and an unchanged one is never drawn twice.
import { createHash } from 'node:crypto';
import type { Db } from '../db.ts';
import { markdownToText } from '../markdown/markdown.ts';
import { getSettings } from '../settings/settings.ts';
import { CARD_HEIGHT, CARD_TEMPLATE, CARD_WIDTH, drawCard, fitTitle, type CardText } from './draw.ts';
import { boardExists, keepCard, selectKeptCard, selectPageTitle, selectPostTitle, selectWish } from './repo.ts';

export { CARD_HEIGHT, CARD_WIDTH };

const CARD_KINDS = ['post', 'page', 'wish', 'board', 'site'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

export function isCardKind(value: string): value is CardKind {
  return (CARD_KINDS as readonly string[]).includes(value);
}

/** The words a card is drawn from, named by a short hash (also its ETag and the `v` of its address). */
function cardFingerprint(text: CardText): string {
  return createHash('sha256')
    .update(JSON.stringify([CARD_TEMPLATE, text.label, fitTitle(text.title), text.siteName]))
    .digest('hex')
    .slice(0, 16);
}

/** What a subject's card says, as the page that shows it knows it (no query). */
export function cardText(kind: CardKind, title: string, siteName: string): CardText {
  const label = { post: '', page: '', wish: 'A wish', board: 'Wish board', site: '' }[kind];
  return { title, siteName, label };
}

/** The card's address, for og:image: `v` changes with its words, so it can be kept for good. */
export function cardPath(kind: CardKind, subject: string | number, text: CardText): string {
  return `/og/${kind}/${subject}.png?v=${cardFingerprint(text)}`;
}

/** A wish's card title: the start of its words. */
export function wishCardTitle(bodyMd: string): string {
  return fitTitle(markdownToText(bodyMd), 100);
}

/** The board's card title. */
export function boardCardTitle(wishDate: string): string {
  return `The wishes of ${wishDate}`;
}

async function titleOf(db: Db, kind: CardKind, subject: string, now: Date, siteName: string, tagline: string) {
  const id = /^[1-9]\d{0,9}$/.test(subject) ? Number(subject) : null;
  switch (kind) {
    case 'post':
      return id === null ? null : selectPostTitle(db, id, now);
    case 'page':
      return id === null ? null : selectPageTitle(db, id);
    case 'wish': {
      const wish = id === null ? null : await selectWish(db, id);
      return wish ? wishCardTitle(wish.bodyMd) : null;
    }
    case 'board':
      return /^\d{4}-\d{2}-\d{2}$/.test(subject) && (await boardExists(db, subject)) ? boardCardTitle(subject) : null;
    case 'site':
      return subject === 'home' ? tagline || siteName : null;
  }
}

interface ShareCard {
  png: Buffer;
  fingerprint: string;
}

/**
 * The card for a subject readers can see, or null (no such subject, a draft, a
 * held wish…). Drawn at most once per wording; kept in the database.
 */
export async function findShareCard(db: Db, kind: CardKind, subject: string, now: Date): Promise<ShareCard | null> {
  const { siteName, tagline } = await getSettings(db);
  const title = await titleOf(db, kind, subject, now, siteName, tagline);
  if (title === null) return null;
  const text = cardText(kind, title, siteName);
  const fingerprint = cardFingerprint(text);
  const kept = await selectKeptCard(db, kind, subject);
  if (kept && kept.fingerprint === fingerprint) return { png: Buffer.from(kept.png), fingerprint };
  const png = await drawCard(text);
  await keepCard(db, { kind, subject, fingerprint, png, now });
  return { png, fingerprint };
}
