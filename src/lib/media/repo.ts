// SQL for uploads and for which posts use them.
import { sql } from 'kysely';
import type { MediaRow, MediaVariantJson } from '../../../db/schema.ts';
import type { Db } from '../db.ts';

interface NewMediaRow {
  ownerId: string | null;
  originalName: string;
  alt: string;
  decorative: boolean;
  width: number;
  height: number;
  variants: MediaVariantJson[];
  bytes: number;
  createdAt: Date;
}

export async function insertMedia(db: Db, media: NewMediaRow): Promise<MediaRow> {
  return db
    .insertInto('media')
    .values({
      owner_id: media.ownerId,
      original_name: media.originalName,
      alt: media.alt,
      decorative: media.decorative,
      width: media.width,
      height: media.height,
      variants: JSON.stringify(media.variants),
      bytes: media.bytes,
      created_at: media.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function selectMediaByIds(db: Db, ids: number[]): Promise<MediaRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('media').selectAll().where('id', 'in', ids).execute();
}

export async function selectMediaById(db: Db, id: number): Promise<MediaRow | null> {
  return (await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Newest first, `limit` of them, older than `beforeId` when given (keyset paging). */
export async function selectMediaPage(db: Db, limit: number, beforeId: number | null): Promise<MediaRow[]> {
  let query = db.selectFrom('media').selectAll().orderBy('id', 'desc').limit(limit);
  if (beforeId !== null) query = query.where('id', '<', beforeId);
  return query.execute();
}

export interface UsageRow {
  media_id: number;
  post_id: number;
  title: string;
  slug: string;
}

export async function selectUsages(db: Db, mediaIds: number[]): Promise<UsageRow[]> {
  if (mediaIds.length === 0) return [];
  return db
    .selectFrom('media_usages')
    .innerJoin('posts', 'posts.id', 'media_usages.post_id')
    .select(['media_usages.media_id', 'media_usages.post_id', 'posts.title', 'posts.slug'])
    .where('media_usages.media_id', 'in', mediaIds)
    .orderBy('posts.title')
    .orderBy('posts.id')
    .execute();
}

/** A post now uses exactly these uploads (ids of deleted uploads are skipped). */
export async function replacePostUsages(db: Db, postId: number, mediaIds: number[]): Promise<void> {
  await db.deleteFrom('media_usages').where('post_id', '=', postId).execute();
  if (mediaIds.length === 0) return;
  await db
    .insertInto('media_usages')
    .columns(['post_id', 'media_id'])
    .expression((eb) =>
      eb
        .selectFrom('media')
        .select([sql<number>`cast(${postId} as integer)`.as('post_id'), 'media.id as media_id'])
        .where('media.id', 'in', mediaIds),
    )
    .execute();
}

export async function deleteMediaRow(db: Db, id: number): Promise<MediaRow | null> {
  return (await db.deleteFrom('media').where('id', '=', id).returningAll().executeTakeFirst()) ?? null;
}

/** Which of these storage keys another upload still has (the same bytes uploaded twice share files). */
export async function selectKeysInUse(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await sql<{ key: string }>`
    select distinct v.value ->> 'key' as key
    from media, jsonb_array_elements(media.variants) as v(value)
    where v.value ->> 'key' in (${sql.join(keys)})`.execute(db);
  return new Set(rows.rows.map((r) => r.key));
}
