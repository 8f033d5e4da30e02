// What the blog's inboxes do with a delivery, once Fedify has verified its
// signature and that the key is the actor's: a Follow of the blog or of the
// wish board is stored and answered with a signed Accept from the one followed
// (followers are accepted automatically); an Undo of a Follow, by the actor
// who followed, removes it. A Note answering a
// post or one of its comments becomes a comment (comments/remote.ts), edited
// by its Update and removed by its Delete, from that actor alone. Likes and
// boosts of a post are counted (reactions.ts) until undone.
import type { Federation, InboxContext } from '@fedify/fedify';
import { Accept, Announce, Create, Delete, Follow, Like, Note, Undo, Update } from '@fedify/vocab';
import { deleteRemoteReply, editRemoteReply, receiveRemoteReply } from '../comments/remote.ts';
import type { Db } from '../db.ts';
import type { WishSchedule } from '../schedule/week.ts';
import { deleteRemoteOffer, receiveRemoteOffer, type MailSink } from '../wishes/remote-offers.ts';
import { wishIdOfNote } from './wish-notes.ts';
import { BLOG_ACTOR } from './articles.ts';
import { WISHES_ACTOR } from './board-actor.ts';

/** Our actors a remote account may follow. */
const LOCAL_ACTORS: string[] = [BLOG_ACTOR, WISHES_ACTOR];
import { isActorBlocked } from './blocks.ts';
import { addFollower, removeFollower } from './followers-repo.ts';
import { addReaction, removeReaction, type ReactionKind } from './reactions.ts';
import { postIdOfArticle, remoteNoteOf, replyTargetOf } from './replies.ts';

interface InboxDeps {
  db: Db;
  now: () => Date;
  siteUrl: string;
  onError: (error: unknown, what: string) => void;
  /** Replies to a wish's note become offers only when given the board's week (else they are dropped). */
  wishes: { schedule: WishSchedule; sendMail: MailSink | null } | null;
}

/** The wish a reply answers, when it answers one of @wishes's wish notes. */
function wishAnswered(ctx: InboxContext<void>, note: Note): number | null {
  const parsed = ctx.parseUri(note.replyTargetId);
  if (parsed?.type !== 'object' || parsed.class !== Note) return null;
  return wishIdOfNote(parsed.values.id);
}

/** The Note an activity carries, with its sender, when the sender wrote it. */
async function senderNote(ctx: InboxContext<void>, activity: Create | Update) {
  if (!activity.actorId) return null;
  const object = await activity.getObject(ctx);
  if (!(object instanceof Note)) return null;
  const actor = await activity.getActor(ctx);
  if (!actor?.id || actor.id.href !== activity.actorId.href) return null;
  const note = remoteNoteOf(object, actor);
  return note ? { object, note } : null;
}

async function react(ctx: InboxContext<void>, deps: InboxDeps, activity: Like | Announce, kind: ReactionKind) {
  if (await isActorBlocked(deps.db, activity.actorId)) return;
  const postId = postIdOfArticle(ctx, activity.objectId);
  if (postId === null || !activity.id || !activity.actorId) return;
  await addReaction(
    deps.db,
    { actorId: activity.actorId.href, postId, kind, activityId: activity.id.href },
    deps.now(),
  );
}

export function listenToInbox(federation: Federation<void>, deps: InboxDeps): void {
  const { db, now } = deps;
  federation
    .setInboxListeners('/ap/actors/{identifier}/inbox', '/ap/inbox')
    .on(Follow, async (ctx, follow) => {
      if (!follow.id || !follow.actorId || !follow.objectId) return;
      // The middleware refuses a blocked domain's signature; an actor there signing with a key elsewhere is dropped here.
      if (await isActorBlocked(db, follow.actorId)) return;
      const target = ctx.parseUri(follow.objectId);
      if (target?.type !== 'actor' || !LOCAL_ACTORS.includes(target.identifier)) return;
      const followed = target.identifier;
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
        followed,
      );
      await ctx.sendActivity(
        { identifier: followed },
        follower,
        new Accept({
          id: new URL(`#accepts/${encodeURIComponent(follow.id.href)}`, ctx.getActorUri(followed)),
          actor: ctx.getActorUri(followed),
          object: follow,
        }),
      );
    })
    .on(Undo, async (ctx, undo) => {
      if (!undo.actorId) return;
      // A like or boost taken back is found by its id, without fetching it.
      if (undo.objectId && (await removeReaction(db, undo.actorId.href, undo.objectId.href))) return;
      const undone = await undo.getObject(ctx);
      if (!(undone instanceof Follow) || undone.actorId?.href !== undo.actorId.href) return;
      const target = ctx.parseUri(undone.objectId);
      if (target?.type !== 'actor') return;
      await removeFollower(db, target.identifier, undo.actorId.href);
    })
    .on(Create, async (ctx, create) => {
      if (await isActorBlocked(db, create.actorId)) return;
      const found = await senderNote(ctx, create);
      const wishId = found && wishAnswered(ctx, found.object);
      if (found && wishId !== null) {
        if (!deps.wishes) return;
        await receiveRemoteOffer(db, found.note, wishId, {
          now: now(),
          siteUrl: deps.siteUrl,
          sendMail: deps.wishes.sendMail,
          schedule: deps.wishes.schedule,
        });
        return;
      }
      const target = found && replyTargetOf(ctx, found.object);
      if (!found || !target) return;
      await receiveRemoteReply(db, found.note, target, deps.siteUrl, now());
    })
    .on(Update, async (ctx, update) => {
      if (await isActorBlocked(db, update.actorId)) return;
      const found = await senderNote(ctx, update);
      if (found) await editRemoteReply(db, found.note, now());
    })
    .on(Delete, async (_ctx, del) => {
      // The Note (or its Tombstone) is named by id: only the actor who wrote it can take it away.
      if (!del.actorId || !del.objectId) return;
      if (await deleteRemoteReply(db, del.objectId.href, del.actorId.href, now())) return;
      await deleteRemoteOffer(db, del.objectId.href, del.actorId.href, now());
    })
    .on(Like, (ctx, like) => react(ctx, deps, like, 'like'))
    .on(Announce, (ctx, announce) => react(ctx, deps, announce, 'boost'))
    .onError((_ctx, error) => deps.onError(error, 'inbox'));
}
