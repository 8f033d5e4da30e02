// Replies from the fediverse as comments: the same thread, the same
// moderation as a visitor's comment (a first reply from an account is held),
// the same notices and cache changes. The remote actor stands where a
// visitor's email would: an approved reply earns it trust, and only it may
// edit or delete what it wrote. Its HTML is sanitised as a visitor's comment
// is rendered (strict policy: formatting and links, no images).
import type { ModerationStatus } from '../../../db/schema.ts';
import { commentChanged } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { htmlToText, sanitizeCommentHtml } from '../markdown/markdown.ts';
import { decideStatus } from '../moderation/rules.ts';
import { getSettings } from '../settings/settings.ts';
import { MAX_COMMENT_LENGTH, MAX_NAME_LENGTH } from './input.ts';
import { announceNewComment } from './notices.ts';
import { areCommentsOpen, isPostVisible, statusAfterEdit } from './policy.ts';
import {
  findComment,
  findParentForReply,
  findPostForComment,
  findRemoteComment,
  hasApprovedRemoteComment,
  insertRemoteComment,
  updateComment,
} from './repo.ts';
import { deleteOrBlank } from './service.ts';

export interface RemoteNote {
  /** The Note's id. */
  noteId: string;
  /** The actor who sent it (Fedify has checked the signature is theirs). */
  actorId: string;
  /** Their display name, else their handle. */
  authorName: string;
  /** Their profile page (or their actor id when they have none). */
  profileUrl: string;
  /** The Note's HTML, as sent. */
  contentHtml: string;
}

/** What a reply answers: a post (its Article), or an address that may be one of its comments. */
export type ReplyTarget = { postId: number } | { url: string };

interface RemoteCommentResult {
  id: number;
  status: ModerationStatus;
}

function linkCount(html: string): number {
  return (html.match(/<a\s/g) ?? []).length;
}

function cleaned(note: Pick<RemoteNote, 'contentHtml'>) {
  const bodyHtml = sanitizeCommentHtml(note.contentHtml);
  return { bodyHtml, text: htmlToText(bodyHtml) };
}

/** A comment of ours named by its page address (`/posts/<slug>#comment-<id>`) or by the Note it came from. */
async function commentAt(db: Db, url: string, siteUrl: string): Promise<number | null> {
  const remote = await findRemoteComment(db, url);
  if (remote) return remote.id;
  if (!URL.canParse(url)) return null;
  const address = new URL(url);
  if (address.origin !== new URL(siteUrl).origin || !address.pathname.startsWith('/posts/')) return null;
  const id = /^#comment-(\d{1,15})$/.exec(address.hash)?.[1];
  return id ? Number(id) : null;
}

async function resolveTarget(db: Db, target: ReplyTarget, siteUrl: string) {
  if ('postId' in target) return { postId: target.postId, parentId: null };
  const parentId = await commentAt(db, target.url, siteUrl);
  if (parentId === null) return null;
  const parent = await findParentForReply(db, parentId, false);
  // As for a visitor: only a published comment can be answered.
  if (!parent || parent.status !== 'approved') return null;
  return { postId: parent.post_id, parentId };
}

/**
 * A Note in reply to a post or to one of its comments becomes a comment, once
 * however often it is delivered. Null when it answers nothing here, the post
 * is not visible or closed to comments, or the Note says nothing.
 */
export async function receiveRemoteReply(
  db: Db,
  note: RemoteNote,
  target: ReplyTarget,
  siteUrl: string,
  now: Date,
): Promise<RemoteCommentResult | null> {
  const known = await findRemoteComment(db, note.noteId);
  if (known) return known.fediverse_actor_id === note.actorId ? { id: known.id, status: known.status } : null;
  const where = await resolveTarget(db, target, siteUrl);
  if (!where) return null;
  const settings = await getSettings(db);
  const post = await findPostForComment(db, where.postId);
  if (!post || !isPostVisible({ status: post.status, publishedAt: post.published_at }, now)) return null;
  if (!areCommentsOpen({ publishedAt: post.published_at, commentsClosed: post.comments_closed }, settings, now)) {
    return null;
  }
  const { bodyHtml, text } = cleaned(note);
  if (text === '' || text.length > MAX_COMMENT_LENGTH) return null;
  const authorName = note.authorName.trim().slice(0, MAX_NAME_LENGTH) || 'someone on the fediverse';

  const status = decideStatus({
    contributor: 'visitor',
    text: [authorName, note.profileUrl, text].join('\n'),
    linkCount: linkCount(bodyHtml),
    previouslyApproved: await hasApprovedRemoteComment(db, note.actorId),
    settings,
  });
  return db.transaction().execute(async (trx) => {
    if (where.parentId !== null) {
      const parent = await findParentForReply(trx, where.parentId, true);
      if (!parent || parent.status !== 'approved') return null;
    }
    const id = await insertRemoteComment(trx, {
      postId: post.id,
      parentId: where.parentId,
      authorName,
      authorUrl: note.profileUrl,
      bodyMd: text,
      bodyHtml,
      status,
      actorId: note.actorId,
      noteId: note.noteId,
      now,
    });
    // Delivered twice at once: the other delivery made it.
    if (id === null) return null;
    await announceNewComment(trx, id, status);
    await recordChange(trx, commentChanged(post.id, [status]));
    return { id, status };
  });
}

/** An Update of the Note by the actor who wrote it: the comment says the new words, judged again. */
export async function editRemoteReply(
  db: Db,
  note: Pick<RemoteNote, 'noteId' | 'actorId' | 'contentHtml'>,
  now: Date,
): Promise<boolean> {
  const settings = await getSettings(db);
  const { bodyHtml, text } = cleaned(note);
  if (text === '' || text.length > MAX_COMMENT_LENGTH) return false;
  return db.transaction().execute(async (trx) => {
    const known = await findRemoteComment(trx, note.noteId, true);
    if (!known || known.fediverse_actor_id !== note.actorId || known.status === 'deleted') return false;
    const comment = (await findComment(trx, known.id))!;
    const decided = decideStatus({
      contributor: 'visitor',
      text: [comment.author_name, text].join('\n'),
      linkCount: linkCount(bodyHtml),
      previouslyApproved: known.status === 'approved',
      settings,
    });
    const status = statusAfterEdit(known.status, decided);
    await updateComment(trx, known.id, { body_md: text, body_html: bodyHtml, status }, now);
    await recordChange(trx, commentChanged(known.post_id, [known.status, status]));
    return true;
  });
}

/** A Delete of the Note by the actor who wrote it: the comment goes (blanked if it holds replies). */
export async function deleteRemoteReply(db: Db, noteId: string, actorId: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const known = await findRemoteComment(trx, noteId, true);
    if (!known || known.fediverse_actor_id !== actorId) return false;
    await deleteOrBlank(trx, known.id, now);
    await recordChange(trx, commentChanged(known.post_id, [known.status, 'deleted']));
    return true;
  });
}
