// The author's post editor: save (draft / publish / schedule), preview, delete.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../server/app.ts';
import { submitPostForm } from '../lib/posts/service.ts';
import { formValuesFromInput, rawPostForm } from '../lib/posts/input.ts';
import { deletePost } from '../lib/posts/service.ts';
import { idField } from '../lib/validation.ts';
import { audit } from '../server/audit.ts';
import { run } from '../server/action-errors.ts';
import { requireAuthor } from '../server/session.ts';
import { autosaveInput, autosavePost, previewInput, previewPostBody } from '../lib/posts/editor-help.ts';

export const posts = {
  /** Creates a post (no id) or replaces one; intent=preview renders without saving. */
  save: defineAction({
    accept: 'form',
    input: rawPostForm.extend({ id: idField.nullish() }),
    handler: (input, context) =>
      run(async () => {
        const author = requireAuthor(context);
        const app = getApp();
        const result = await submitPostForm(app.db, input, {
          postId: input.id ?? null,
          authorId: author.id,
          now: app.now(),
          timeZone: app.config.siteTimezone,
        });
        if (result.kind === 'preview') {
          const preview = { title: result.title, bodyHtml: result.bodyHtml, values: formValuesFromInput(input) };
          return { redirectTo: null, preview };
        }
        await audit(context, {
          action: `post.${result.intent}`,
          subject: `post ${result.post.id}`,
          detail: result.post.title,
        });
        return { redirectTo: `/admin/posts/${result.post.id}/edit?saved=${result.intent}`, preview: null };
      }),
  }),

  /** The editor's live preview (its script): the body rendered on the server, nothing saved. */
  preview: defineAction({
    accept: 'form',
    input: previewInput,
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        return previewPostBody(getApp().db, input);
      }),
  }),

  /** The editor's autosave (its script): a revision of the post, never its live text. */
  autosave: defineAction({
    accept: 'form',
    input: autosaveInput,
    handler: (input, context) =>
      run(async () => {
        const author = requireAuthor(context);
        const app = getApp();
        return autosavePost(app.db, input, { authorId: author.id, now: app.now() });
      }),
  }),

  // Alike pages.ts's delete: kept apart because every action is declared as `name: defineAction(` where
  // tests/unit/forms-inventory.test.ts finds it for the fuzzing and cross-site tests.
  delete: defineAction({
    accept: 'form',
    input: z.object({ id: idField }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        await deletePost(getApp().db, input.id);
        await audit(context, { action: 'post.delete', subject: `post ${input.id}` });
        return { redirectTo: '/admin?deleted=1' };
      }),
  }),
};
