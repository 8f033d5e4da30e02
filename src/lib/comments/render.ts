// The thread as one HTML string. Astro spent ~10 ms on the ~200 nested
// components of a 200-comment thread (and a scope attribute on every element);
// a pure function over the built tree does it in well under a millisecond.
// Names, addresses and other text go through html-escaper's `escape`; comment
// bodies are `body_html`, already sanitised by src/lib/markdown when saved.
//
// A viewer's own Edit/Delete links are the only part of a thread that differs
// between readers who have nothing held, so `renderThread` leaves slots for
// them: the same rendering serves everyone, and `withOwnControls` fills a
// viewer's slots (see view.ts, which caches the rendering per content version).
import { escape } from 'html-escaper';
import { ownControlsMarker } from '../content/slots.ts';
import { renderAvatarHtml } from '../people/avatar-html.ts';
import { formatDateTime } from '../dates.ts';
import { EMPTY_TALLY, READER_REACTIONS } from '../reactions/kinds.ts';
import { reactionBarHtml } from '../reactions/render.ts';
import { isWithinEditWindow } from './policy.ts';
import type { ThreadComment } from './thread.ts';
import type { ThreadNode } from './tree.ts';

export interface ThreadRenderOptions {
  /** Whether new replies are accepted: Reply links are shown. */
  open: boolean;
  /** IANA zone the times are shown in. */
  timeZone: string;
  /**
   * The reactions form's action, for a rendering signed-in readers share: each
   * published comment gets its buttons. Null or absent: the counts alone.
   */
  reactAction?: string | null;
}

interface ThreadViewer {
  /** The signed-in person's id, for Edit/Delete on their own comments. */
  userId: string | null;
  /** For the 15-minute edit window. */
  now: Date;
}

/** Where a comment's writer sees their Edit/Delete links. */
interface ControlSlot {
  /** Offset where the links go: in characters of `html`, or in bytes once encoded. */
  at: number;
  commentId: number;
  createdAt: Date;
  /** No Reply link there (held, or comments closed): the links need their own paragraph. */
  bare: boolean;
}

export interface RenderedThread<T extends string | Uint8Array = string> {
  /** The thread as anyone sees it who has no controls in it. */
  html: T;
  /** Slots by the id of the account that wrote the comment, each list in document order. */
  slots: Map<string, ControlSlot[]>;
}

/** A rendered thread with the pieces it was stitched from, to keep for the next render. */
interface StitchedThread extends RenderedThread {
  pieces: KeptPieces;
}

const idOf = (id: number) => `comment-${id}`;

/**
 * Times as shown, by zone and minute: luxon takes ~20 µs a time, and a thread
 * is rendered again after every write anywhere on the site, mostly with the same times.
 */
const shownTimes = new Map<string, string>();
const MAX_SHOWN_TIMES = 20_000;

function showTime(date: Date, timeZone: string): string {
  const key = `${timeZone} ${Math.floor(date.getTime() / 60_000)}`;
  let shown = shownTimes.get(key);
  if (shown === undefined) {
    shown = escape(formatDateTime(date, timeZone));
    if (shownTimes.size >= MAX_SHOWN_TIMES) shownTimes.delete(shownTimes.keys().next().value!);
    shownTimes.set(key, shown);
  }
  return shown;
}

/**
 * One comment's own HTML (everything but its replies and its closing tag),
 * kept between renders of a thread: when one comment changes, the others are
 * stitched from what was kept. `key` names everything the HTML depends on.
 */
interface CommentPiece {
  key: string;
  html: string;
  /** Where its writer's own links go, in characters of `html`; null when not an account's comment. */
  slotAt: number | null;
  bare: boolean;
}

export type KeptPieces = Map<number, CommentPiece>;

/** Renders the whole thread once, leaving slots for each writer's own controls. */
export function renderThread(
  nodes: readonly ThreadNode<ThreadComment>[],
  options: ThreadRenderOptions,
): RenderedThread {
  return stitchThread(nodes, options, new Map());
}

/**
 * As renderThread, rendering only the comments that changed since the render
 * that left `previous`: the others are stitched from their kept pieces.
 */
export function stitchThread(
  nodes: readonly ThreadNode<ThreadComment>[],
  options: ThreadRenderOptions,
  previous: KeptPieces,
): StitchedThread {
  const out: StitchedThread = { html: '', slots: new Map(), pieces: new Map() };
  for (const node of nodes) renderComment(node, options, out, previous);
  return out;
}

function pieceKey(node: ThreadNode<ThreadComment>, options: ThreadRenderOptions): string {
  const c = node.comment;
  const to = node.inReplyTo;
  return [
    c.updatedAt.getTime(),
    c.createdAt.getTime(),
    c.status,
    c.authorName,
    c.authorUrl,
    c.authorHandle,
    c.authorAvatar?.map((v) => v.key).join(',') ?? '',
    c.bodyHtml.length,
    c.userId,
    c.byAuthor,
    options.open,
    options.timeZone,
    to ? `${to.id}:${to.deleted}:${to.name}` : '',
    options.reactAction ?? '',
    READER_REACTIONS.map((kind) => c.reactions?.[kind] ?? 0).join(','),
  ].join('|');
}

function renderPiece(node: ThreadNode<ThreadComment>, options: ThreadRenderOptions, key: string): CommentPiece {
  const c = node.comment;
  const id = idOf(c.id);
  if (c.status === 'deleted') {
    return {
      key,
      html: `<article id="${id}" class="cm cm-gone"><p class="cm-note">This comment was deleted.</p>`,
      slotAt: null,
      bare: false,
    };
  }
  const held = c.status === 'pending' || c.status === 'spam';
  const name = escape(c.authorName);
  // A member's name leads to their profile; a visitor's to the website they gave, if any.
  const who = c.authorHandle
    ? `<a href="/people/${escape(c.authorHandle)}">${name}</a>`
    : c.authorUrl
      ? `<a href="${escape(c.authorUrl)}" rel="nofollow ugc noopener">${name}</a>`
      : name;
  const when = showTime(c.createdAt, options.timeZone);
  // Beside the name, so decorative (empty alt); members only: visitors have no account to draw from.
  const avatar = c.authorHandle
    ? renderAvatarHtml(c.authorAvatar, { handle: c.authorHandle, px: 32, alt: '', className: 'cm-avatar', lazy: true })
    : '';
  let html =
    `<article id="${id}" class="cm${c.byAuthor ? ' cm-by' : ''}${held ? ' cm-held' : ''}">` +
    `<header>${avatar}<b class="cm-name">${who}</b> said…${c.byAuthor ? ' <span class="cm-badge">author</span>' : ''}` +
    ` <a class="cm-link" href="#${id}"><time datetime="${c.createdAt.toISOString()}">${when}</time></a></header>`;
  if (node.inReplyTo) {
    const to = node.inReplyTo;
    html += `<p class="cm-note">in reply to <a href="#${idOf(to.id)}">${to.deleted ? 'a deleted comment' : escape(to.name)}</a></p>`;
  }
  if (held) html += '<p class="notice small cm-wait">Your comment is awaiting moderation.</p>';
  html += `<div class="cm-body">${c.bodyHtml}</div>`;
  if (c.status === 'approved') {
    html += reactionBarHtml({
      subject: 'comment',
      subjectId: c.id,
      tally: c.reactions ?? EMPTY_TALLY,
      action: options.reactAction ?? null,
      anchor: id,
    });
  }
  const reply = options.open && !held;
  // A relative link keeps the post's own path, whatever its slug.
  if (reply) {
    html += `<p class="cm-acts"><a href="?replyto=${c.id}#comment-form">Reply<span class="visually-hidden"> to ${name}</span></a>`;
    // Any reader may report a published comment (moderation/reports.ts); short, as every comment carries it.
    html += ` <a href="/report?comment=${c.id}">Report</a>`;
  }
  const slotAt = c.userId === null ? null : html.length;
  if (reply) html += '</p>';
  return { key, html, slotAt, bare: !reply };
}

function renderComment(
  node: ThreadNode<ThreadComment>,
  options: ThreadRenderOptions,
  out: StitchedThread,
  previous: KeptPieces,
): void {
  const c = node.comment;
  const key = pieceKey(node, options);
  let piece = previous.get(c.id);
  if (!piece || piece.key !== key) piece = renderPiece(node, options, key);
  out.pieces.set(c.id, piece);
  if (piece.slotAt !== null && c.userId !== null) {
    const slot: ControlSlot = {
      at: out.html.length + piece.slotAt,
      commentId: c.id,
      createdAt: c.createdAt,
      bare: piece.bare,
    };
    const list = out.slots.get(c.userId);
    if (list) list.push(slot);
    else out.slots.set(c.userId, [slot]);
  }
  out.html += piece.html;
  for (const reply of node.replies) renderComment(reply, options, out, previous);
  out.html += '</article>';
}

/** The rendered thread with this viewer's Edit (within 15 minutes) and Delete links on their comments. */
export function withOwnControls(rendered: RenderedThread, viewer: ThreadViewer): string {
  return splice(
    rendered,
    viewer,
    (from, to) => rendered.html.slice(from, to),
    (parts) => parts.join(''),
  );
}

/**
 * The same thread as UTF-8 bytes, so a page can send it without encoding it
 * again on every request; the slots move to byte offsets.
 */
export function encodeThread(rendered: RenderedThread): RenderedThread<Uint8Array> {
  const ordered = [...rendered.slots.values()].flat().sort((a, b) => a.at - b.at);
  const moved = new Map<ControlSlot, ControlSlot>();
  const chunks: Buffer[] = [];
  let chars = 0;
  let bytes = 0;
  for (const slot of ordered) {
    const chunk = Buffer.from(rendered.html.slice(chars, slot.at));
    chunks.push(chunk);
    bytes += chunk.length;
    chars = slot.at;
    moved.set(slot, { ...slot, at: bytes });
  }
  chunks.push(Buffer.from(rendered.html.slice(chars)));
  const slots = new Map([...rendered.slots].map(([userId, list]) => [userId, list.map((s) => moved.get(s)!)]));
  return { html: Buffer.concat(chunks), slots };
}

/** As withOwnControls, on the encoded thread. */
export function withOwnControlsEncoded(rendered: RenderedThread<Uint8Array>, viewer: ThreadViewer): Uint8Array {
  return splice(
    rendered,
    viewer,
    (from, to) => rendered.html.subarray(from, to),
    (parts) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part))),
  );
}

function splice<T extends string | Uint8Array>(
  rendered: RenderedThread<T>,
  viewer: ThreadViewer,
  slice: (from: number, to?: number) => T,
  join: (parts: (T | string)[]) => T,
): T {
  const slots = viewer.userId === null ? undefined : rendered.slots.get(viewer.userId);
  if (!slots) return rendered.html;
  const parts: (T | string)[] = [];
  let from = 0;
  for (const slot of slots) {
    parts.push(slice(from, slot.at), ownControlsHtml(slot, viewer.now));
    from = slot.at;
  }
  parts.push(slice(from));
  return join(parts);
}

/** A writer's Edit (within 15 minutes of writing) and Delete links on one comment. */
export function ownControlsHtml(slot: Pick<ControlSlot, 'commentId' | 'createdAt' | 'bare'>, now: Date): string {
  const edit = isWithinEditWindow(slot.createdAt, now) ? `<a href="/comments/${slot.commentId}/edit">Edit</a>` : '';
  const links = `${edit}<a href="/comments/${slot.commentId}/delete">Delete</a>`;
  return slot.bare ? `<p class="cm-acts">${links}</p>` : links;
}

/**
 * The encoded thread with a marker at every writer's slot instead of links, for
 * a page kept once and filled per reader (src/server/cache/personal-slots.ts).
 */
export function markOwnControls(rendered: RenderedThread<Uint8Array>): Uint8Array {
  const marked = [...rendered.slots].flatMap(([userId, list]) => list.map((slot) => ({ ...slot, userId })));
  marked.sort((a, b) => a.at - b.at);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const slot of marked) {
    parts.push(rendered.html.subarray(from, slot.at), Buffer.from(ownControlsMarker(slot)));
    from = slot.at;
  }
  parts.push(rendered.html.subarray(from));
  return Buffer.concat(parts);
}

/** The thread as this viewer sees it, as one HTML string. */
export function renderThreadHtml(
  nodes: readonly ThreadNode<ThreadComment>[],
  viewer: ThreadViewer,
  options: ThreadRenderOptions,
): string {
  return withOwnControls(renderThread(nodes, options), viewer);
}
