// What a post's comments section shows one viewer, without reading and
// rendering the whole thread on every request.
//
// Per post, the thread as everyone sees it is read once (one query, with the
// settings) and rendered once per open/closed state, and kept until its scopes
// change (the post's comments or the settings: src/lib/content/scopes.ts); who
// has comments held is kept apart, so a held comment refreshes only that list.
// A viewer with nothing held gets the shared rendering with their own
// Edit/Delete links filled in; a viewer with a held comment gets their own
// thread, read and rendered afresh. The versions are read after the request
// arrived, so no request is served a thread older than the last write, on any process.
import { scope } from '../content/scopes.ts';
import { KeptValues } from '../content/kept.ts';
import type { VersionState } from '../content/version.ts';
import type { Db } from '../db.ts';
import { getSettings, type SiteSettings } from '../settings/settings.ts';
import { areCommentsOpen } from './policy.ts';
import {
  encodeThread,
  markOwnControls,
  renderThreadHtml,
  stitchThread,
  withOwnControlsEncoded,
  type KeptPieces,
  type RenderedThread,
  type ThreadRenderOptions,
} from './render.ts';
import { listHeldWriters, type Viewer } from './repo.ts';
import { assembleThread, loadThread, readThreadComments, type Thread } from './thread.ts';

export interface ThreadView {
  /**
   * The thread's HTML for this viewer, empty when there is nothing to show: as
   * UTF-8 bytes when it comes from the shared rendering (nothing to encode per request).
   */
  threadHtml: string | Uint8Array;
  /** True when threadHtml marks every writer's controls instead of filling this viewer's (see markSlots). */
  marked: boolean;
  /** Published comments (what the heading counts). */
  approvedCount: number;
  /** Whether new comments and replies are accepted now. */
  open: boolean;
  /** The comment a reply may answer (an approved one), by id. */
  replyTarget: (id: number) => { id: number; name: string } | null;
  /** Accounts whose thread is their own beyond their Edit/Delete links: they have something held. */
  heldUserIds: ReadonlySet<string>;
}

export interface ThreadViewRequest {
  post: { id: number; publishedAt: Date | null; commentsClosed: boolean };
  viewer: Viewer;
  now: Date;
  timeZone: string;
  /** The versions already read for this request, if any; read here otherwise. */
  version?: VersionState;
  /** The page will be kept for every reader: mark each writer's controls rather than fill this viewer's. */
  markSlots?: boolean;
  /** The reactions form's action for a signed-in viewer (their comments get buttons); null for visitors. */
  reactAction?: string | null;
}

interface Rendering {
  encoded: RenderedThread<Uint8Array>;
  marked: Uint8Array | null;
}

interface Entry {
  settings: SiteSettings;
  /** The thread as anyone sees it who has nothing held. */
  thread: Thread;
  /** Renderings, encoded, by open/closed and time zone. */
  rendered: Map<string, Rendering>;
}

interface Held {
  userIds: Set<string>;
  visitorTokens: Set<string>;
}

const NOBODY: Viewer = { userId: null, visitorTokenHash: null };
/** For values valid whatever changed (no scopes). */
const ALWAYS: VersionState = { version: 0, nextPublishAt: null, versionOf: () => 0 };

/** A thread kept in memory: its HTML twice (text, then bytes) and its comments' bodies. */
function sizeOfEntry(entry: Entry): number {
  let bytes = 0;
  for (const c of entry.thread.byId.values()) bytes += 2 * (c.bodyHtml.length + c.authorName.length) + 400;
  return bytes;
}

export class ThreadViews {
  readonly #db: Db;
  readonly #readVersion: () => Promise<VersionState>;
  readonly #threads: KeptValues<Entry>;
  /** Each post's comments as last rendered: a thread that changed is stitched from them (render.ts). */
  readonly #pieces = new KeptValues<KeptPieces>({
    maxBytes: 8 * 1024 * 1024,
    sizeOf: (pieces) => [...pieces.values()].reduce((n, p) => n + 2 * p.html.length + 100, 0),
  });
  readonly #held = new KeptValues<Held>({
    maxBytes: 1024 * 1024,
    sizeOf: (h) => 100 * (h.userIds.size + h.visitorTokens.size),
  });

  constructor(db: Db, readVersion: () => Promise<VersionState>, options: { maxBytes?: number } = {}) {
    this.#db = db;
    this.#readVersion = readVersion;
    this.#threads = new KeptValues({ maxBytes: options.maxBytes ?? 16 * 1024 * 1024, sizeOf: sizeOfEntry });
  }

  async view({ post, viewer, now, timeZone, version, markSlots, reactAction }: ThreadViewRequest): Promise<ThreadView> {
    const state = version ?? (await this.#readVersion());
    const [entry, held] = await Promise.all([this.#entryFor(post.id, state), this.#heldFor(post.id, state)]);
    const open = areCommentsOpen(post, entry.settings, now);
    const holdsSome =
      (viewer.userId !== null && held.userIds.has(viewer.userId)) ||
      (viewer.visitorTokenHash !== null && held.visitorTokens.has(viewer.visitorTokenHash));
    // Someone with a held comment sees it in place: their own thread, read and rendered for them.
    const thread = holdsSome ? await loadThread(this.#db, post.id, viewer, entry.settings.threadDepth) : entry.thread;
    const options = { open, timeZone, reactAction: reactAction ?? null };
    const who = { userId: viewer.userId, now };
    let threadHtml: string | Uint8Array;
    let marked = false;
    if (holdsSome) {
      threadHtml = renderThreadHtml(thread.nodes, who, options);
    } else {
      const rendering = this.#renderingOf(post.id, entry, `${open}|${timeZone}|${options.reactAction ?? ''}`, options);
      if (markSlots) {
        rendering.marked ??= markOwnControls(rendering.encoded);
        threadHtml = rendering.marked;
        marked = true;
      } else {
        threadHtml = withOwnControlsEncoded(rendering.encoded, who);
      }
    }
    return {
      threadHtml,
      marked,
      approvedCount: thread.approvedCount,
      open,
      replyTarget: (id) => {
        const comment = thread.byId.get(id);
        return comment?.status === 'approved' ? { id: comment.id, name: comment.authorName } : null;
      },
      heldUserIds: held.userIds,
    };
  }

  #renderingOf(postId: number, entry: Entry, key: string, options: ThreadRenderOptions): Rendering {
    let rendering = entry.rendered.get(key);
    if (!rendering) {
      const previous = this.#pieces.peek(String(postId), [], ALWAYS) ?? new Map();
      const stitched = stitchThread(entry.thread.nodes, options, previous);
      // Pieces depend only on what their key names: kept whatever changed elsewhere.
      this.#pieces.set(String(postId), 0, stitched.pieces);
      rendering = { encoded: encodeThread(stitched), marked: null };
      entry.rendered.set(key, rendering);
      this.#threads.grow(String(postId), entry, 2 * rendering.encoded.html.byteLength);
    }
    return rendering;
  }

  /** The post's thread, kept until its comments or the settings change; read once for concurrent requests. */
  #entryFor(postId: number, state: VersionState): Promise<Entry> {
    return this.#threads.get(String(postId), [scope.post(postId), scope.settings], state, async () => {
      const [settings, rows] = await Promise.all([getSettings(this.#db), readThreadComments(this.#db, postId, NOBODY)]);
      return { settings, thread: assembleThread(rows, settings.threadDepth), rendered: new Map() };
    });
  }

  /** Who has comments held on the post, kept until that changes. */
  #heldFor(postId: number, state: VersionState): Promise<Held> {
    return this.#held.get(String(postId), [scope.heldOnPost(postId)], state, async () => {
      const held = await listHeldWriters(this.#db, postId);
      return {
        userIds: new Set(held.flatMap((h) => (h.user_id === null ? [] : [h.user_id]))),
        visitorTokens: new Set(held.flatMap((h) => (h.visitor_token_hash === null ? [] : [h.visitor_token_hash]))),
      };
    });
  }
}

const shared = new WeakMap<Db, ThreadViews>();

/** The process's thread views on this database, reading the content versions through `readVersion`. */
export function threadViewsFor(db: Db, readVersion: () => Promise<VersionState>): ThreadViews {
  let views = shared.get(db);
  if (!views) {
    views = new ThreadViews(db, readVersion);
    shared.set(db, views);
  }
  return views;
}
