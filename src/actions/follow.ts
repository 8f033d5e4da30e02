// Following by email without an account: ask (double opt-in), and change what one gets.
import { defineAction } from 'astro:actions';
import { followChoicesInput, followInput } from '../lib/mail/follower-input.ts';
import { readFollowToken, requestFollow, setFollowChoices } from '../lib/mail/followers.ts';
import { mailContextOf } from '../lib/mail/context.ts';
import { NotFoundError } from '../lib/errors.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { clientAddressOf } from '../server/client-address.ts';

export const follow = {
  request: defineAction({
    accept: 'form',
    input: followInput,
    handler: (input, context) =>
      run(async () => {
        const { db, config, now } = getApp();
        // The same answer whether or not the address follows already: the mail tells the truth.
        await requestFollow(
          db,
          {
            email: input.email,
            choices: input.choices,
            source: context.locals.user ? 'account' : 'form',
            now: now(),
            ip: clientAddressOf(context),
            rateLimitFactor: config.rateLimitFactor,
          },
          mailContextOf(config),
        );
        return { redirectTo: '/follow?sent=1' };
      }),
  }),

  saveChoices: defineAction({
    accept: 'form',
    input: followChoicesInput,
    handler: (input) =>
      run(async () => {
        const { db } = getApp();
        const read = await readFollowToken(db, input.token);
        if (!read || read.type !== 'follow-stop') throw new NotFoundError('This link is not valid.');
        await setFollowChoices(db, read.email, input.choices);
        const done = input.choices.length === 0 ? 'gone' : 'saved';
        return { redirectTo: `/follow/manage?token=${encodeURIComponent(input.token)}&${done}=1` };
      }),
  }),
};
