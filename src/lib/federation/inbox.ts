// What the blog's inboxes do with a delivery, once Fedify has verified its
// signature and that the key is the actor's: a Follow of the blog is stored
// and answered with a signed Accept (followers are accepted automatically); an
// Undo of a Follow, by the actor who followed, removes it.
import type { Federation } from '@fedify/fedify';
import { Accept, Follow, Undo } from '@fedify/vocab';
import type { Db } from '../db.ts';
import { BLOG_ACTOR } from './articles.ts';
import { addFollower, removeFollower } from './followers.ts';

export function listenToInbox(
  federation: Federation<void>,
  deps: { db: Db; now: () => Date; onError: (error: unknown, what: string) => void },
): void {
  const { db, now } = deps;
  federation
    .setInboxListeners('/ap/actors/{identifier}/inbox', '/ap/inbox')
    .on(Follow, async (ctx, follow) => {
      if (!follow.id || !follow.actorId || !follow.objectId) return;
      const target = ctx.parseUri(follow.objectId);
      if (target?.type !== 'actor' || target.identifier !== BLOG_ACTOR) return;
      const follower = await follow.getActor(ctx);
      // Fedify has checked that the signature's key belongs to this actor.
      if (!follower?.id || follower.id.href !== follow.actorId.href || !follower.inboxId) return;
      await addFollower(
        db,
        {
          actorId: follower.id.href,
          inbox: follower.inboxId.href,
          sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
          handle: `@${follower.preferredUsername ?? '?'}@${follower.id.host}`,
        },
        now(),
      );
      await ctx.sendActivity(
        { identifier: BLOG_ACTOR },
        follower,
        new Accept({
          id: new URL(`#accepts/${encodeURIComponent(follow.id.href)}`, ctx.getActorUri(BLOG_ACTOR)),
          actor: ctx.getActorUri(BLOG_ACTOR),
          object: follow,
        }),
      );
    })
    .on(Undo, async (ctx, undo) => {
      if (!undo.actorId) return;
      const undone = await undo.getObject(ctx);
      if (!(undone instanceof Follow) || undone.actorId?.href !== undo.actorId.href) return;
      await removeFollower(db, undo.actorId.href);
    })
    .onError((_ctx, error) => deps.onError(error, 'inbox'));
}
