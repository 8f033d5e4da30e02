// The rules for writing comments: who may, where, how often, and what happens to them.
import { isBlocked } from '../moderation/blocks.ts';
import type { ModerationStatus, Role } from '../../../db/schema.ts';
import { commentChanged } from '../content/scopes.ts';
import { recordChange } from '../content/version.ts';
import type { Db } from '../db.ts';
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '../errors.ts';
import { countLinks, renderMarkdown } from '../markdown/markdown.ts';
import { processMailContext, requestReplyMail } from '../mail/door.ts';
import { accountContributor } from '../moderation/accounts.ts';
import { hasApprovedContribution } from '../moderation/repo.ts';
import { decideStatus, judge, type Contributor } from '../moderation/rules.ts';
import { filterScore, recordVerdict } from '../moderation/spam/filter.ts';
import { limitPosting } from '../ratelimit/posting.ts';
import { getSettings, type SiteSettings } from '../settings/settings.ts';
import { parseInput } from '../validation.ts';
import { accountCommentInput, editCommentInput, visitorCommentInput } from './input.ts';
import { announceNewComment } from './notices.ts';
import { areCommentsOpen, isPostVisible, isWithinEditWindow, statusAfterEdit } from './policy.ts';
import {
  blankComment,
  findComment,
  findParentForReply,
  findPostForComment,
  hasReplies,
  insertComment,
  removeComment,
  updateComment,
} from './repo.ts';

export interface Commenter {
  user: { id: string; name: string; role: Role } | null;
  ip: string | null;
  /** SHA-256 of a visitor's cookie, so their held comment is shown to them alone. */
  visitorTokenHash: string | null;
}

interface CreatedComment {
  /** False when the honeypot caught a bot: nothing was saved, but it is told all went well. */
  saved: boolean;
  id: number | null;
  status: ModerationStatus | null;
  postSlug: string;
}

function contributorOf(db: Db, user: { id: string; role: Role } | null): Promise<Contributor> {
  return user === null ? Promise.resolve('visitor') : accountContributor(db, user);
}

async function findOpenPost(db: Db, postId: number, settings: SiteSettings, now: Date) {
  const post = await findPostForComment(db, postId);
  if (!post || !isPostVisible({ status: post.status, publishedAt: post.published_at }, now)) {
    throw new NotFoundError('This post does not exist or is not published yet.');
  }
  if (!areCommentsOpen({ publishedAt: post.published_at, commentsClosed: post.comments_closed }, settings, now)) {
    throw new ForbiddenError('Comments are closed on this post.');
  }
  return post;
}

/** A reply needs an approved parent on the same post. Hidden parents are reported as missing. */
async function checkParent(db: Db, parentId: number, postId: number, lock: boolean) {
  const parent = await findParentForReply(db, parentId, lock);
  if (!parent || parent.status === 'pending' || parent.status === 'spam') {
    throw new NotFoundError('The comment you are replying to does not exist.');
  }
  if (parent.post_id !== postId) throw new DomainError(400, 'You can only reply to a comment on the same post.');
  if (parent.status === 'deleted') {
    throw new ConflictError('The comment you are replying to was deleted, so it can no longer be answered.');
  }
  return parent;
}

function isTicked(value: unknown): boolean {
  return value === true || value === 'on' || value === 'true' || value === '1';
}

function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23503';
}

export async function createComment(
  db: Db,
  raw: Record<string, unknown>,
  who: Commenter,
  now: Date,
  options: { rateLimitFactor?: number } = {},
): Promise<CreatedComment> {
  const input = who.user
    ? { ...parseInput(accountCommentInput, raw), name: who.user.name, email: null, website: null }
    : parseInput(visitorCommentInput, raw);
  const settings = await getSettings(db);
  const post = await findOpenPost(db, input.post_id, settings, now);
  if (input.parent_id !== null) await checkParent(db, input.parent_id, post.id, false);

  const honeypot = raw.website_url_confirm;
  if (typeof honeypot === 'string' && honeypot.trim() !== '') {
    return { saved: false, id: null, status: null, postSlug: post.slug };
  }

  const contributor = await contributorOf(db, who.user);
  await limitPosting(
    db,
    { userId: who.user?.id ?? null, isAuthor: contributor === 'author', ip: who.ip },
    now,
    options.rateLimitFactor ?? 1,
  );

  const text = [input.name, input.website ?? '', input.body].join('\n');
  const verdict = judge({
    contributor,
    text,
    linkCount: countLinks(input.body),
    previouslyApproved: input.email ? await hasApprovedContribution(db, input.email) : false,
    settings,
    blocked: await isBlocked(db, { userId: who.user?.id ?? null, email: input.email, ip: who.ip }),
    spamScore: await filterScore(db, settings, contributor, text),
  });
  const status = verdict.status;

  try {
    const id = await db.transaction().execute(async (trx) => {
      if (input.parent_id !== null) await checkParent(trx, input.parent_id, post.id, true);
      const id = await insertComment(trx, {
        postId: post.id,
        parentId: input.parent_id,
        userId: who.user?.id ?? null,
        authorName: input.name,
        // Accounts' emails stay in `users`: a visitor typing a member's email earns no trust from it.
        authorEmail: input.email,
        authorUrl: input.website,
        bodyMd: input.body,
        bodyHtml: renderMarkdown(input.body, 'strict'),
        status,
        ip: who.ip,
        visitorTokenHash: who.user ? null : who.visitorTokenHash,
        now,
      });
      await recordVerdict(trx, 'comments', id, verdict);
      await announceNewComment(trx, id, status);
      // A visitor's "email me replies" tick: a confirmation mail first (double opt-in).
      if (!who.user && input.email && isTicked(raw.notify_replies)) {
        await requestReplyMail(trx, { commentId: id, email: input.email, now }, processMailContext());
      }
      // Last, after every comment lock: cached threads and pages see the change on every process.
      await recordChange(trx, commentChanged(post.id, [status]));
      return id;
    });
    return { saved: true, id, status, postSlug: post.slug };
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new NotFoundError('The comment you are replying to does not exist.');
    throw error;
  }
}

async function findOwn(db: Db, id: number, userId: string, verb: 'edit' | 'delete' | 'change', lock = false) {
  const comment = await findComment(db, id, lock);
  if (!comment || comment.status === 'deleted') throw new NotFoundError('That comment does not exist.');
  if (comment.user_id !== userId) throw new ForbiddenError(`You can only ${verb} your own comments.`);
  return comment;
}

/** One's own comment, for the edit and delete pages; throws when it is not theirs. */
export async function findOwnComment(db: Db, id: number, user: { id: string }, now: Date) {
  const comment = await findOwn(db, id, user.id, 'change');
  return {
    id: comment.id,
    bodyMd: comment.body_md,
    bodyHtml: comment.body_html,
    postSlug: comment.post_slug,
    postTitle: comment.post_title,
    createdAt: comment.created_at,
    canEdit: isWithinEditWindow(comment.created_at, now),
  };
}

/** Own comments can be changed for 15 minutes; the moderation rules look at the new text too. */
export async function editOwnComment(
  db: Db,
  raw: Record<string, unknown>,
  user: { id: string; role: Role },
  now: Date,
): Promise<{ id: number; postSlug: string }> {
  const input = parseInput(editCommentInput, raw);
  const settings = await getSettings(db);
  return db.transaction().execute(async (trx) => {
    const comment = await findOwn(trx, input.id, user.id, 'edit', true);
    if (!isWithinEditWindow(comment.created_at, now)) {
      throw new ForbiddenError('The 15 minutes for editing this comment have passed.');
    }
    const decided = decideStatus({
      contributor: await contributorOf(trx, user),
      text: [comment.author_name, input.body].join('\n'),
      linkCount: countLinks(input.body),
      // As for a visitor's wish: once published, an edit is judged on its words and links alone.
      previouslyApproved: comment.status === 'approved',
      settings,
    });
    const status = statusAfterEdit(comment.status, decided);
    await updateComment(
      trx,
      comment.id,
      { body_md: input.body, body_html: renderMarkdown(input.body, 'strict'), status },
      now,
    );
    await recordChange(trx, commentChanged(comment.post_id, [comment.status, status]));
    return { id: comment.id, postSlug: comment.post_slug };
  });
}

/**
 * Deletes a comment: one with replies is blanked ("This comment was deleted") so its
 * thread stays; one without is removed, and so are deleted ancestors it alone kept.
 * Call inside a transaction, and record the change (version.ts) at its end.
 */
export async function deleteOrBlank(trx: Db, id: number, now: Date): Promise<'removed' | 'blanked'> {
  if (await hasReplies(trx, id)) {
    await blankComment(trx, id, now);
    return 'blanked';
  }
  let current = await findComment(trx, id, true);
  while (current) {
    await removeComment(trx, current.id);
    const parent = current.parent_id === null ? undefined : await findComment(trx, current.parent_id, true);
    current = parent && parent.status === 'deleted' && !(await hasReplies(trx, parent.id)) ? parent : undefined;
  }
  return 'removed';
}

export async function deleteOwnComment(
  db: Db,
  id: number,
  user: { id: string },
  now: Date,
): Promise<{ postSlug: string; outcome: 'removed' | 'blanked' }> {
  return db.transaction().execute(async (trx) => {
    const comment = await findOwn(trx, id, user.id, 'delete', true);
    const outcome = await deleteOrBlank(trx, comment.id, now);
    // A removal may take blanked ancestors with it: always a change readers see.
    await recordChange(trx, commentChanged(comment.post_id, [comment.status, 'deleted']));
    return { postSlug: comment.post_slug, outcome };
  });
}
