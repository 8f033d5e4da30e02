// A reader's heart, "me too" or "thank you" on a post or a comment: one press
// gives it, the next takes it back. Signed-in accounts only, as cheers are.
import { defineAction } from 'astro:actions';
import { getApp } from '../server/app.ts';
import { reactInput } from '../lib/reactions/input.ts';
import { toggleReaction } from '../lib/reactions/service.ts';
import { run } from '../server/action-errors.ts';
import { clientAddressOf } from '../server/client-address.ts';
import { requireUser } from '../server/session.ts';

export const reactions = {
  toggle: defineAction({
    accept: 'form',
    input: reactInput,
    handler: (input, context) =>
      run(async () => {
        const user = requireUser(context);
        const app = getApp();
        const result = await toggleReaction(app.db, user.id, input, app.now(), {
          rateLimitFactor: app.config.rateLimitFactor,
          ip: clientAddressOf(context),
        });
        const anchor = result.subject === 'post' ? 'reactions' : `comment-${result.subjectId}`;
        return { anchor, given: result.given, count: result.count };
      }),
  }),
};
