// The blog on the fediverse, built with Fedify: the blog's actor (`@blog@host`
// by default, the handle from the config), found by WebFinger; its outbox lists
// the published posts as Articles, a page at a time; its followers are rows.
// The wish board is an actor too (`@wishes@host`, board-actor.ts).
// What arrives is inbox.ts's. Fedify verifies every incoming signature
// (unsigned or forged: 401, nothing stored) and keeps its guard against
// private addresses unless the config lifts it (tests on loopback only). Its
// store and queue are the database's (kv-repo.ts, queue.ts): every process shares them.
import { createFederation, type Federation } from '@fedify/fedify';
import { Article, Endpoints, Image, Note, Person, type Recipient } from '@fedify/vocab';
import type { Db } from '../db.ts';
import type { WishSchedule } from '../schedule/week.ts';
import type { MailSink } from '../wishes/remote-offers.ts';
import { renderMarkdown, textToHtml } from '../markdown/markdown.ts';
import { absoluteUrl, countVisiblePosts, findVisiblePostById, listVisiblePostsFrom } from '../posts/feed.ts';
import { getSettings } from '../settings/settings.ts';
import { findBoardByDate } from '../wishes/board/boards.ts';
import { articleFor, BLOG_ACTOR, createFor } from './articles.ts';
import { boardDateOfNote, boardNote, WISHES_ACTOR, wishesActor } from './board-actor.ts';
import { followerCursorOf, parseFollowerCursor } from './followers.ts';
import { countFollowers, listFollowersPage } from './followers-repo.ts';
import { listenToInbox } from './inbox.ts';
import { actorKeyPairs } from './keys.ts';
import { DbKvStore } from './kv-repo.ts';
import { authorPicture } from './profile.ts';
import { DbMessageQueue } from './queue.ts';
import { findSharedWish, wishIdOfNote, wishNote } from './wish-notes.ts';

export { BLOG_ACTOR, WISHES_ACTOR };
const LOCAL_ACTORS = new Set([BLOG_ACTOR, WISHES_ACTOR]);
const OUTBOX_PAGE_SIZE = 20;
const FOLLOWERS_PAGE_SIZE = 100;

interface BlogFederationOptions {
  db: Db;
  now: () => Date;
  siteUrl: string;
  /** The name after the @: `@<handle>@<host>`. */
  handle: string;
  /** Tests against a fediverse server on loopback only (config.federationAllowPrivateAddress). */
  allowPrivateAddress: boolean;
  /** The software's version for NodeInfo. */
  version: string;
  /** Told of failed deliveries and of inbox work that failed. */
  onError: (error: unknown, what: string) => void;
  /** How often an idle queue listener polls (ms). */
  queuePollMs?: number;
  /** For replies to a wish's note, which become offers: the board's week and where the wisher's mail goes. */
  wishes?: { schedule: WishSchedule; sendMail: MailSink | null };
}

export type BlogFederation = Federation<void>;

/** Cursors are the offset (outbox) or `<created_at ISO>|<actor id>` of the last follower shown. */
function parseOffset(cursor: string): number {
  return /^\d{1,9}$/.test(cursor) ? Number(cursor) : 0;
}

export function createBlogFederation(options: BlogFederationOptions): BlogFederation {
  const { db, now, siteUrl, handle } = options;
  const federation = createFederation<void>({
    kv: new DbKvStore(db, now),
    queue: new DbMessageQueue(db, now, {
      pollMs: options.queuePollMs,
      onError: (error) => options.onError(error, 'queue'),
    }),
    // The server starts the listeners (and stops them on shutdown); a script using this object never does.
    manuallyStartQueue: true,
    origin: new URL(siteUrl).origin,
    allowPrivateAddress: options.allowPrivateAddress,
    onOutboxError: (error) => options.onError(error, 'delivery'),
  });

  federation
    .setActorDispatcher('/ap/actors/{identifier}', async (ctx, identifier) => {
      if (identifier === WISHES_ACTOR) return wishesActor(ctx, db, siteUrl);
      if (identifier !== BLOG_ACTOR) return null;
      const [settings, keys, picture] = await Promise.all([
        getSettings(db),
        ctx.getActorKeyPairs(identifier),
        authorPicture(db),
      ]);
      const bio = settings.authorBio ? renderMarkdown(settings.authorBio, 'strict') : '';
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: handle,
        name: settings.siteName,
        summary: [settings.tagline ? `<p>${textToHtml(settings.tagline)}</p>` : '', bio].join('') || null,
        url: new URL(absoluteUrl(siteUrl, '/')),
        icon: picture
          ? new Image({ url: new URL(absoluteUrl(siteUrl, picture.path)), mediaType: picture.mediaType })
          : null,
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        manuallyApprovesFollowers: false,
        discoverable: true,
        publicKey: keys[0]!.cryptographicKey,
        assertionMethods: keys.map((key) => key.multikey),
      });
    })
    .mapHandle((_ctx, username) => {
      const name = username.toLowerCase();
      if (name === handle.toLowerCase()) return BLOG_ACTOR;
      return name === WISHES_ACTOR ? WISHES_ACTOR : null;
    })
    .setKeyPairsDispatcher((_ctx, identifier) => (LOCAL_ACTORS.has(identifier) ? actorKeyPairs(db, identifier) : []));

  // Fedify allows one dispatcher per class: a board's opening note (`board-<date>`) and a shared wish (`wish-<id>`).
  federation.setObjectDispatcher(Note, '/ap/notes/{id}', async (ctx, values) => {
    const wishId = wishIdOfNote(values.id);
    if (wishId !== null) {
      const wish = await findSharedWish(db, wishId);
      return wish ? wishNote(ctx, siteUrl, wish) : null;
    }
    const date = boardDateOfNote(values.id);
    const board = date ? await findBoardByDate(db, date) : null;
    return board ? boardNote(ctx, siteUrl, board) : null;
  });

  federation.setObjectDispatcher(Article, '/ap/articles/{id}', async (ctx, values) => {
    if (!/^\d{1,15}$/.test(values.id)) return null;
    const post = await findVisiblePostById(db, Number(values.id), now());
    return post ? articleFor(ctx, siteUrl, post) : null;
  });

  federation
    .setOutboxDispatcher('/ap/actors/{identifier}/outbox', async (ctx, identifier, cursor) => {
      if (identifier !== BLOG_ACTOR || cursor === null) return null;
      const offset = parseOffset(cursor);
      const posts = await listVisiblePostsFrom(db, now(), { offset, limit: OUTBOX_PAGE_SIZE + 1 });
      return {
        items: posts.slice(0, OUTBOX_PAGE_SIZE).map((post) => createFor(ctx, articleFor(ctx, siteUrl, post))),
        nextCursor: posts.length > OUTBOX_PAGE_SIZE ? String(offset + OUTBOX_PAGE_SIZE) : null,
      };
    })
    .setFirstCursor(() => '0')
    .setCounter((_ctx, identifier) => (identifier === BLOG_ACTOR ? countVisiblePosts(db, now()) : null));

  federation
    .setFollowersDispatcher('/ap/actors/{identifier}/followers', async (_ctx, identifier, cursor) => {
      if (!LOCAL_ACTORS.has(identifier) || cursor === null) return null;
      const rows = await listFollowersPage(db, {
        localActor: identifier,
        after: parseFollowerCursor(cursor),
        limit: FOLLOWERS_PAGE_SIZE,
      });
      const items: Recipient[] = rows.map((row) => ({
        id: new URL(row.actorId),
        inboxId: new URL(row.inbox),
        endpoints: row.sharedInbox ? { sharedInbox: new URL(row.sharedInbox) } : null,
      }));
      const last = rows.at(-1);
      return {
        items,
        nextCursor: rows.length === FOLLOWERS_PAGE_SIZE && last ? followerCursorOf(last) : null,
      };
    })
    .setFirstCursor(() => '')
    .setCounter((_ctx, identifier) => (LOCAL_ACTORS.has(identifier) ? countFollowers(db, identifier) : null));

  listenToInbox(federation, { db, now, siteUrl, onError: options.onError, wishes: options.wishes ?? null });

  federation.setNodeInfoDispatcher('/nodeinfo/2.1', async () => ({
    software: { name: 'wishcast', version: options.version, homepage: new URL(absoluteUrl(siteUrl, '/')) },
    protocols: ['activitypub'],
    openRegistrations: false,
    usage: { users: { total: LOCAL_ACTORS.size }, localPosts: await countVisiblePosts(db, now()), localComments: 0 },
  }));

  return federation;
}
