// What a post's comments section shows one viewer, without reading and
// rendering the whole thread on every request.
//
// Per post and content version (src/lib/cache/content-version.ts), the thread
// as everyone sees it is read once (one query, with the settings and the list
// of who has comments held) and rendered once per open/closed state. A viewer
// with nothing held gets that rendering with their own Edit/Delete links
// filled in; a viewer with a held comment gets their own thread, read and
// rendered afresh. Every write a reader could see bumps the content version,
// and the version is read after the request arrived, so no request is served
// a thread older than the last write, on any process.
import type { VersionState } from '../content/version.ts';
import type { Db } from '../db.ts';
import { getSettings, type SiteSettings } from '../settings/settings.ts';
import { areCommentsOpen } from './policy.ts';
import { encodeThread, renderThread, renderThreadHtml, withOwnControlsEncoded, type RenderedThread } from './render.ts';
import { listHeldWriters, type Viewer } from './repo.ts';
import { assembleThread, loadThread, readThreadComments, type Thread } from './thread.ts';

export interface ThreadView {
  /**
   * The thread's HTML for this viewer, empty when there is nothing to show: as
   * UTF-8 bytes when it comes from the shared rendering (nothing to encode per request).
   */
  threadHtml: string | Uint8Array;
  /** Published comments (what the heading counts). */
  approvedCount: number;
  /** Whether new comments and replies are accepted now. */
  open: boolean;
  /** The comment a reply may answer (an approved one), by id. */
  replyTarget: (id: number) => { id: number; name: string } | null;
  /** Accounts whose view of this thread is their own (they wrote in it, or have something held). */
  personalUserIds: ReadonlySet<string>;
}

export interface ThreadViewRequest {
  post: { id: number; publishedAt: Date | null; commentsClosed: boolean };
  viewer: Viewer;
  now: Date;
  timeZone: string;
  /** The version already read for this request, if any; read here otherwise. */
  version?: VersionState;
}

interface Entry {
  version: number;
  settings: SiteSettings;
  /** The thread as anyone sees it who has nothing held. */
  thread: Thread;
  heldUserIds: Set<string>;
  heldVisitorTokens: Set<string>;
  /** Writers in the thread and people with something held: their view has their own controls. */
  personalUserIds: Set<string>;
  /** Renderings, encoded, by open/closed and time zone. */
  rendered: Map<string, RenderedThread<Uint8Array>>;
}

const NOBODY: Viewer = { userId: null, visitorTokenHash: null };

export class ThreadViews {
  readonly #db: Db;
  readonly #readVersion: () => Promise<VersionState>;
  readonly #maxPosts: number;
  /** Least recently used first. */
  readonly #entries = new Map<number, Entry>();
  readonly #filling = new Map<number, { version: number; entry: Promise<Entry> }>();

  constructor(db: Db, readVersion: () => Promise<VersionState>, options: { maxPosts?: number } = {}) {
    this.#db = db;
    this.#readVersion = readVersion;
    this.#maxPosts = options.maxPosts ?? 64;
  }

  async view({ post, viewer, now, timeZone, version }: ThreadViewRequest): Promise<ThreadView> {
    const entry = await this.#entryFor(post.id, version ?? (await this.#readVersion()));
    const open = areCommentsOpen(post, entry.settings, now);
    const holdsSome =
      (viewer.userId !== null && entry.heldUserIds.has(viewer.userId)) ||
      (viewer.visitorTokenHash !== null && entry.heldVisitorTokens.has(viewer.visitorTokenHash));
    // Someone with a held comment sees it in place: their own thread, read and rendered for them.
    const thread = holdsSome ? await loadThread(this.#db, post.id, viewer, entry.settings.threadDepth) : entry.thread;
    const options = { open, timeZone };
    const who = { userId: viewer.userId, now };
    let threadHtml: string | Uint8Array;
    if (holdsSome) {
      threadHtml = renderThreadHtml(thread.nodes, who, options);
    } else {
      const key = `${open}|${timeZone}`;
      let rendered = entry.rendered.get(key);
      if (!rendered) entry.rendered.set(key, (rendered = encodeThread(renderThread(thread.nodes, options))));
      threadHtml = withOwnControlsEncoded(rendered, who);
    }
    return {
      threadHtml,
      approvedCount: thread.approvedCount,
      open,
      replyTarget: (id) => {
        const comment = thread.byId.get(id);
        return comment?.status === 'approved' ? { id: comment.id, name: comment.authorName } : null;
      },
      personalUserIds: entry.personalUserIds,
    };
  }

  /** The post's entry at the current version or newer: read once, shared by concurrent requests. */
  async #entryFor(postId: number, { version }: VersionState): Promise<Entry> {
    const cached = this.#entries.get(postId);
    if (cached && cached.version >= version) {
      this.#entries.delete(postId);
      this.#entries.set(postId, cached);
      return cached;
    }
    const filling = this.#filling.get(postId);
    if (filling && filling.version >= version) return filling.entry;
    const entry = this.#fill(postId, version);
    this.#filling.set(postId, { version, entry });
    try {
      const ready = await entry;
      const current = this.#entries.get(postId);
      if (!current || current.version <= ready.version) {
        this.#entries.delete(postId);
        this.#entries.set(postId, ready);
        while (this.#entries.size > this.#maxPosts) this.#entries.delete(this.#entries.keys().next().value!);
      }
      return ready;
    } finally {
      if (this.#filling.get(postId)?.entry === entry) this.#filling.delete(postId);
    }
  }

  /** Read after the version was, so the entry is never older than the version it is kept under. */
  async #fill(postId: number, version: number): Promise<Entry> {
    const [settings, rows, held] = await Promise.all([
      getSettings(this.#db),
      readThreadComments(this.#db, postId, NOBODY),
      listHeldWriters(this.#db, postId),
    ]);
    const heldUserIds = new Set(held.flatMap((h) => (h.user_id === null ? [] : [h.user_id])));
    const thread = assembleThread(rows, settings.threadDepth);
    const writers = [...thread.byId.values()].flatMap((c) => (c.userId === null ? [] : [c.userId]));
    return {
      version,
      settings,
      thread,
      heldUserIds,
      personalUserIds: new Set([...heldUserIds, ...writers]),
      heldVisitorTokens: new Set(held.flatMap((h) => (h.visitor_token_hash === null ? [] : [h.visitor_token_hash]))),
      rendered: new Map(),
    };
  }
}

const shared = new WeakMap<Db, ThreadViews>();

/** The process's thread views on this database, reading the content version through `readVersion`. */
export function threadViewsFor(db: Db, readVersion: () => Promise<VersionState>): ThreadViews {
  let views = shared.get(db);
  if (!views) {
    views = new ThreadViews(db, readVersion);
    shared.set(db, views);
  }
  return views;
}
