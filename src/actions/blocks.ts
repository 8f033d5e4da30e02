// Blocks: the author blocks an account, an email address or an address range,
// removes a block, and with one button sends everything a blocked writer has
// published or held to spam. Each goes on the audit trail.
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { spamCommentsCoveredBy } from '../lib/comments/moderation.ts';
import { addBlock, findBlock, removeBlock } from '../lib/moderation/blocks.ts';
import { idField, parseInput } from '../lib/validation.ts';
import { spamWishesCoveredBy } from '../lib/wishes/moderation.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { audit } from '../server/audit.ts';
import { loopContext } from '../server/participant.ts';
import { requireAuthor } from '../server/session.ts';

const text = z.string().nullish();

export const blocks = {
  add: defineAction({
    accept: 'form',
    input: z.object({ kind: text, value: text, note: text }),
    handler: (input, context) =>
      run(async () => {
        const author = requireAuthor(context);
        const app = getApp();
        const block = await addBlock(app.db, input, author, app.now());
        await audit(context, { action: `block.add`, subject: `block ${block.id}`, detail: block.kind });
        return { redirectTo: '/admin/blocks?added=1' };
      }),
  }),

  remove: defineAction({
    accept: 'form',
    input: z.object({ id: text }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        const block = await removeBlock(getApp().db, input);
        await audit(context, { action: 'block.remove', subject: `block ${block.id}`, detail: block.kind });
        return { redirectTo: '/admin/blocks?removed=1' };
      }),
  }),

  /** Everything the blocked writer has published or held, to spam (kept, so a mistake can be approved back). */
  sweep: defineAction({
    accept: 'form',
    input: z.object({ id: text }),
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        const { id } = parseInput(z.object({ id: idField }), input);
        const app = getApp();
        const block = await findBlock(app.db, id);
        const comments = await spamCommentsCoveredBy(app.db, block, app.now());
        const wishes = await spamWishesCoveredBy(app.db, block, loopContext());
        await audit(context, {
          action: 'block.sweep',
          subject: `block ${block.id}`,
          detail: `${comments} comments, ${wishes} wishes and offers to spam`,
        });
        return { redirectTo: `/admin/blocks?swept=${comments + wishes}` };
      }),
  }),
};
