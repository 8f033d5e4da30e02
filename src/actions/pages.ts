// The author's static pages: save (draft or published) and delete.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { deletePage, savePageForm } from '../lib/pages/service.ts';
import { rawPageForm } from '../lib/pages/input.ts';
import { idField } from '../lib/validation.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { requireAuthor } from '../server/session.ts';

export const pages = {
  save: defineAction({
    accept: 'form',
    input: rawPageForm.extend({ id: idField.nullish() }),
    handler: (input, context) =>
      run(async () => {
        const author = requireAuthor(context);
        const app = getApp();
        const page = await savePageForm(app.db, input, {
          pageId: input.id ?? null,
          now: app.now(),
          authorId: author.id,
        });
        return { redirectTo: `/admin/pages/${page.id}/edit?saved=1` };
      }),
  }),

  // Alike posts.ts's delete: kept apart because every action is declared as `name: defineAction(` where
  // tests/unit/forms-inventory.test.ts finds it for the fuzzing and cross-site tests.
  delete: defineAction({
    accept: 'form',
    input: z.object({ id: idField }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        await deletePage(getApp().db, input.id);
        return { redirectTo: '/admin/pages?deleted=1' };
      }),
  }),
};
