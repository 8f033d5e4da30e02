// The author's side of the fediverse (/admin/fediverse): remove a follower, block and unblock a domain.
import { defineAction } from 'astro:actions';
import { blockDomain } from '../lib/federation/blocks.ts';
import { unblockDomain } from '../lib/federation/repo.ts';
import { removeFollower } from '../lib/federation/followers-repo.ts';
import { blockDomainInput, removeRemoteFollowerInput } from '../lib/federation/input.ts';
import { run } from '../server/action-errors.ts';
import { getApp } from '../server/app.ts';
import { requireAuthor } from '../server/session.ts';

export const fediverse = {
  removeFollower: defineAction({
    accept: 'form',
    input: removeRemoteFollowerInput,
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        await removeFollower(getApp().db, input.local_actor, input.actor_id);
        return { redirectTo: '/admin/fediverse?removed=1' };
      }),
  }),

  block: defineAction({
    accept: 'form',
    input: blockDomainInput,
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        const { db, now } = getApp();
        const removed = await blockDomain(db, input.domain, now());
        return {
          redirectTo: `/admin/fediverse?${new URLSearchParams({ blocked: input.domain, removed: String(removed) })}`,
        };
      }),
  }),

  unblock: defineAction({
    accept: 'form',
    input: blockDomainInput,
    handler: (input, context) =>
      run(async () => {
        requireAuthor(context);
        await unblockDomain(getApp().db, input.domain);
        return { redirectTo: `/admin/fediverse?${new URLSearchParams({ unblocked: input.domain })}` };
      }),
  }),
};
