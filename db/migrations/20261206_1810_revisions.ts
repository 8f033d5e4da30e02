// Frozen. Revisions of posts and pages (issue 27): every save keeps the title,
// body and excerpt as they were saved, with who saved them and when, so any two
// can be compared and any one restored. Autosaves of the editor are revisions
// too (kind 'autosave'): they never touch the post itself.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('revisions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('post_id', 'integer', (c) => c.references('posts.id').onDelete('cascade'))
    .addColumn('page_id', 'integer', (c) => c.references('pages.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text')
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // 'save', 'autosave' or 'restore'.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('revisions_one_subject', sql`(post_id is null) <> (page_id is null)`)
    .execute();
  await db.schema.createIndex('revisions_post').on('revisions').columns(['post_id', 'id']).execute();
  await db.schema.createIndex('revisions_page').on('revisions').columns(['page_id', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('revisions').execute();
}
