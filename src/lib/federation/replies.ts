// What a Note from the fediverse says, made plain for the comments domain
// (comments/remote.ts holds the rules): who wrote it and where their profile
// is, its HTML, and what it answers: one of our Articles (a post) or another
// address (a comment of ours, or a reply that became one).
import type { Context } from '@fedify/fedify';
import { Article, Link, type Actor, type Note } from '@fedify/vocab';
import type { RemoteNote, ReplyTarget } from '../comments/remote.ts';

/** The post an address names when it is one of our Articles. */
export function postIdOfArticle(ctx: Context<void>, url: URL | null): number | null {
  const parsed = ctx.parseUri(url);
  if (parsed?.type !== 'object' || parsed.class !== Article) return null;
  const id = parsed.values.id ?? '';
  return /^\d{1,15}$/.test(id) ? Number(id) : null;
}

export function replyTargetOf(ctx: Context<void>, note: Note): ReplyTarget | null {
  const target = note.replyTargetId;
  if (!target) return null;
  const postId = postIdOfArticle(ctx, target);
  return postId === null ? { url: target.href } : { postId };
}

const isWebAddress = (url: URL | null | undefined): url is URL =>
  url?.protocol === 'https:' || url?.protocol === 'http:';

/** Their profile page as the thread links it: a web address only (never `javascript:`), else the actor's id. */
function profileOf(actor: Actor): string {
  const url = actor.url instanceof Link ? actor.url.href : actor.url;
  return isWebAddress(url) ? url.href : actor.id!.href;
}

/** Null unless the Note was written by the actor who sent it (Fedify checked that the signature is theirs). */
export function remoteNoteOf(note: Note, actor: Actor): RemoteNote | null {
  if (!note.id || !actor.id || note.attributionId?.href !== actor.id.href) return null;
  const name = actor.name?.toString().trim();
  const handle = `@${actor.preferredUsername?.toString() ?? '?'}@${actor.id.host}`;
  return {
    noteId: note.id.href,
    actorId: actor.id.href,
    authorName: name || handle,
    profileUrl: profileOf(actor),
    contentHtml: note.content?.toString() ?? '',
  };
}
