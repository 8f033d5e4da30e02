// Frozen. Images an import copied into the media library (issue 30): the
// address each was fetched from, so a re-run fetches only what is missing and
// the old upload address ("/wp-content/uploads/…") answers 301 to the copy.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imported_media')
    .addColumn('source_url', 'text', (c) => c.primaryKey())
    // The source address's path, normalised as legacy_paths are (src/lib/import/legacy.ts).
    .addColumn('old_path', 'text', (c) => c.notNull())
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imported_media_old_path_idx').on('imported_media').column('old_path').execute();
  await db.schema.createIndex('imported_media_media_id_idx').on('imported_media').column('media_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('imported_media').execute();
}
