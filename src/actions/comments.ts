// Comment forms: write, edit, delete; and the author's moderation.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../server/app.ts';
import { moderateComments, setCommentsClosed } from '../lib/comments/moderation.ts';
import { commentLink } from '../lib/comments/notices.ts';
import { createComment, deleteOwnComment, editOwnComment } from '../lib/comments/service.ts';
import { idField, parseInput } from '../lib/validation.ts';
import { resolveReports } from '../lib/moderation/reports.ts';
import { audit } from '../server/audit.ts';
import { run } from '../server/action-errors.ts';
import { clientAddressOf } from '../server/client-address.ts';
import { requireAuthor, requireModerator, requireUser, safeNext } from '../server/session.ts';
import { ensureVisitorTokenHash } from '../server/visitor.ts';

// Fields arrive as raw text; src/lib/comments checks them, so every message sits beside its field.
const text = z.string().nullish();

export const comments = {
  create: defineAction({
    accept: 'form',
    input: z.object({
      post_id: text,
      parent_id: text,
      body: text,
      name: text,
      email: text,
      website: text,
      website_url_confirm: text,
      notify_replies: text,
    }),
    handler: (input, context) =>
      run(async () => {
        const app = getApp();
        const user = context.locals.user;
        const created = await createComment(
          app.db,
          input,
          {
            user: user ? { id: user.id, name: user.name, role: user.role } : null,
            ip: clientAddressOf(context),
            visitorTokenHash: user ? null : ensureVisitorTokenHash(context),
          },
          app.now(),
          { rateLimitFactor: app.config.rateLimitFactor },
        );
        const redirectTo =
          created.saved && created.id !== null
            ? commentLink(created.postSlug, created.id)
            : `/posts/${created.postSlug}#comments`;
        return { redirectTo };
      }),
  }),

  update: defineAction({
    accept: 'form',
    input: z.object({ id: text, body: text }),
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const app = getApp();
        const edited = await editOwnComment(app.db, input, user, app.now());
        return { redirectTo: commentLink(edited.postSlug, edited.id) };
      }),
  }),

  remove: defineAction({
    accept: 'form',
    input: z.object({ id: text }),
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const app = getApp();
        const { id } = parseInput(z.object({ id: idField }), input);
        const deleted = await deleteOwnComment(app.db, id, user, app.now());
        return { redirectTo: `/posts/${deleted.postSlug}#comments` };
      }),
  }),

  moderate: defineAction({
    accept: 'form',
    input: z.object({ ids: z.array(z.string()), decision: text, next: text }),
    handler: (input, context) =>
      run(async () => {
        requireModerator(context);
        const app = getApp();
        const changed = await moderateComments(app.db, input, app.now());
        await resolveReports(app.db, 'comment', input.ids.map(Number).filter(Number.isInteger), app.now());
        if (changed > 0)
          await audit(context, { action: `comment.${input.decision}`, subject: commentsSubject(input.ids) });
        return { changed, redirectTo: safeNext(input.next, '/admin/comments') };
      }),
  }),

  setClosed: defineAction({
    accept: 'form',
    input: z.object({ post_id: text, closed: text, next: text }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        const { post_id } = parseInput(z.object({ post_id: idField }), input);
        await setCommentsClosed(getApp().db, post_id, input.closed === 'true');
        await audit(context, {
          action: input.closed === 'true' ? 'post.close-comments' : 'post.open-comments',
          subject: `post ${post_id}`,
        });
        return { redirectTo: safeNext(input.next, '/admin/comments') };
      }),
  }),
};

/** 'comment 12' or 'comments 12, 13' for the audit trail. */
function commentsSubject(ids: string[]): string {
  const unique = [...new Set(ids)];
  return `${unique.length === 1 ? 'comment' : 'comments'} ${unique.join(', ')}`;
}
