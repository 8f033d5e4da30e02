// Revisions of posts and pages: restore one (a new revision is kept, so it can be undone).
import { defineAction } from 'astro:actions';
import { restorePageRevision } from '../lib/pages/service.ts';
import { restorePostRevision } from '../lib/posts/service.ts';
import { editorPathOf, restoreRevisionInput } from '../lib/revisions/input.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { requireAuthor } from '../server/session.ts';

export const revisions = {
  restore: defineAction({
    accept: 'form',
    input: restoreRevisionInput,
    handler: (input, context) =>
      run(async () => {
        const author = requireAuthor(context);
        const app = getApp();
        const savedBy = { authorId: author.id, now: app.now() };
        const restore = input.subject === 'post' ? restorePostRevision : restorePageRevision;
        await restore(app.db, input.id, input.revision, savedBy);
        return { redirectTo: `${editorPathOf({ kind: input.subject, id: input.id })}?restored=${input.revision}` };
      }),
  }),
};
