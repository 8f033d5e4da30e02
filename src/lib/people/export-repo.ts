// SQL for "Download your data": each of a member's rows, with their column names.
// export.ts puts them together into the document.
import type { Db } from '../db.ts';

export async function readAccount(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'handle', 'bio', 'website', 'role', 'wish_reminder', 'created_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export function readPosts(db: Db, userId: string) {
  return db
    .selectFrom('posts')
    .select((eb) => [
      'posts.id',
      'posts.slug',
      'posts.title',
      'posts.body_md',
      'posts.excerpt',
      'posts.status',
      'posts.published_at',
      'posts.created_at',
      'posts.updated_at',
      eb
        .selectFrom('post_tags')
        .innerJoin('tags', 'tags.id', 'post_tags.tag_id')
        .select((t) => t.fn.agg<string[]>('array_agg', ['tags.name']).as('tags'))
        .whereRef('post_tags.post_id', '=', 'posts.id')
        .as('tags'),
    ])
    .where('posts.author_id', '=', userId)
    .orderBy('posts.created_at')
    .orderBy('posts.id')
    .execute();
}

// Alike import/export/read-repo.ts readCommentsOf: kept apart because a person's export reads only their own rows, each
// with its post.
export function readComments(db: Db, userId: string) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'posts.slug as post_slug',
      'posts.title as post_title',
      'comments.parent_id',
      'comments.body_md',
      'comments.status',
      'comments.ip',
      'comments.created_at',
      'comments.updated_at',
    ])
    .where('comments.user_id', '=', userId)
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
}

export function readWishes(db: Db, userId: string) {
  return db
    .selectFrom('wishes')
    .innerJoin('boards', 'boards.id', 'wishes.board_id')
    .select([
      'wishes.id',
      'boards.wish_date as board_date',
      'wishes.body_md',
      'wishes.status',
      'wishes.granted_at',
      'wishes.thank_you_md',
      'wishes.ip',
      'wishes.created_at',
      'wishes.updated_at',
    ])
    .where('wishes.user_id', '=', userId)
    .orderBy('wishes.created_at')
    .orderBy('wishes.id')
    .execute();
}

export function readOffers(db: Db, userId: string) {
  return db
    .selectFrom('offers')
    .select(['id', 'wish_id', 'kind', 'body_md', 'status', 'accepted_at', 'ip', 'created_at', 'updated_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Their private messages in offer threads (what others wrote to them is theirs, not this member's). */
export function readMessages(db: Db, userId: string) {
  return db
    .selectFrom('offer_messages')
    .select(['id', 'offer_id', 'side', 'body_md', 'shared_kind', 'shared_value', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function readNotifications(db: Db, userId: string) {
  return db
    .selectFrom('notifications')
    .select(['kind', 'message', 'link', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function readSessions(db: Db, userId: string) {
  return db.selectFrom('sessions').select(['expires_at']).where('user_id', '=', userId).orderBy('expires_at').execute();
}

/** Following by email with the account's address (a row keyed by address, not by account). */
export function readFollowing(db: Db, email: string) {
  return db
    .selectFrom('followers')
    .select(['email', 'wants_posts', 'wants_wish_day', 'wants_digest', 'source', 'created_at', 'confirmed_at'])
    .where('email', '=', email)
    .executeTakeFirst();
}
