// A reader reports a comment, wish or offer: signed in, or as a visitor by the
// visitor cookie (given here if they have none yet).
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { fileReport } from '../lib/moderation/reports.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { ensureVisitorTokenHash } from '../server/visitor.ts';

const text = z.string().nullish();

export const reports = {
  file: defineAction({
    accept: 'form',
    input: z.object({ target: text, id: text, reason: text, note: text }),
    handler: (input, context) =>
      run(async () => {
        const app = getApp();
        const user = context.locals.user;
        const reporter = user ? { userId: user.id } : { visitorTokenHash: ensureVisitorTokenHash(context) };
        const result = await fileReport(app.db, reporter, input, app.now());
        return { redirectTo: `/report?${result.target}=${result.id}&sent=1` };
      }),
  }),
};
