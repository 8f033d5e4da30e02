// Following by email without an account: ask (double opt-in), and change what one gets.
import { defineAction } from 'astro:actions';
import {
  followChoicesInput,
  followTokenInput,
  followInput,
  importFollowersInput,
  removeFollowerInput,
} from '../lib/mail/follower-input.ts';
import { importFollowers, MAX_FOLLOWER_IMPORT_BYTES } from '../lib/mail/followers-import.ts';
import { removeFollower } from '../lib/mail/followers-admin.ts';
import { forgetFollower, readFollowToken, requestFollow, setFollowChoices } from '../lib/mail/followers.ts';
import { mailContextOf } from '../lib/mail/context.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { clientAddressOf } from '../server/client-address.ts';
import { requireAuthor } from '../server/session.ts';

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

  forget: defineAction({
    accept: 'form',
    input: followTokenInput,
    handler: (input) =>
      run(async () => {
        const { db } = getApp();
        const read = await readFollowToken(db, input.token);
        if (!read || read.type !== 'follow-stop') throw new NotFoundError('This link is not valid.');
        await forgetFollower(db, read.email);
        return { redirectTo: `/follow/manage?token=${encodeURIComponent(input.token)}&gone=1` };
      }),
  }),

  remove: defineAction({
    accept: 'form',
    input: removeFollowerInput,
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        await removeFollower(getApp().db, input.email);
        return { redirectTo: '/admin/subscribers?removed=1' };
      }),
  }),

  import: defineAction({
    accept: 'form',
    input: importFollowersInput,
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        const file = input.file;
        if (!file || file.size === 0) throw new ValidationError({ file: 'Choose the CSV file to upload.' });
        if (file.size > MAX_FOLLOWER_IMPORT_BYTES) {
          throw new ValidationError({ file: 'This file is too large: split it into files of under 4 MB.' });
        }
        const { db, config, now } = getApp();
        const summary = await importFollowers(
          db,
          { csv: await file.text(), choices: input.choices, agreed: input.agreed === 'yes', now: now() },
          mailContextOf(config),
        );
        return { summary };
      }),
  }),
};
