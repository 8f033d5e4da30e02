// Frozen. A post's cover image (issue 27): one upload from the media library
// and the alt text it has on this post. Deleting the upload clears the cover.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('cover_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('posts')
    .addColumn('cover_alt', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('posts_cover_media_id_idx').on('posts').column('cover_media_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('posts').dropColumn('cover_alt').execute();
  await db.schema.alterTable('posts').dropColumn('cover_media_id').execute();
}
