// Frozen. Which posts the blog has announced to its fediverse followers (a
// Create of the Article) and which version of each they have (an Update sent
// since): one row each, claimed by the process that sends, so each activity
// goes once however many processes look. No foreign key: a row outliving its
// post is how a deletion is noticed (a Delete is sent, then the row goes).
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fediverse_announced_posts')
    .addColumn('post_id', 'integer', (c) => c.primaryKey())
    .addColumn('announced_at', 'timestamptz', (c) => c.notNull())
    // The post's updated_at as followers last received it.
    .addColumn('sent_updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fediverse_announced_posts').execute();
}
