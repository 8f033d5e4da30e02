// Frozen. Uploaded images (issue 15): one row per upload, its processed
// variants as JSON (content-addressed storage keys), and which posts use it.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // An account leaving does not take the site's images with it.
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('original_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decorative', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('width', 'integer', (c) => c.notNull().check(sql`width > 0`))
    .addColumn('height', 'integer', (c) => c.notNull().check(sql`height > 0`))
    .addColumn('variants', 'jsonb', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull().check(sql`bytes >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('media_alt_or_decorative', sql`decorative or alt <> ''`)
    .execute();
  await db.schema.createIndex('media_created_idx').on('media').columns(['created_at desc', 'id desc']).execute();

  await db.schema
    .createTable('media_usages')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('media_usages_pkey', ['post_id', 'media_id'])
    .execute();
  await db.schema.createIndex('media_usages_media_idx').on('media_usages').column('media_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('media_usages').execute();
  await db.schema.dropTable('media').execute();
}
