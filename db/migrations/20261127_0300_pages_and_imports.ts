// Frozen. Static pages (About, Contact…), what imports remember about their
// sources (which local row came from which source id, and the old URLs that
// must keep answering), and a post's byline as its source named the writer.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pages')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('show_in_menu', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('menu_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.alterTable('posts').addColumn('byline', 'text').execute();

  // One row per imported thing: (source, site, kind, source id) → the local row.
  // The fingerprint of what the source said lets a re-import skip what has not
  // changed there. Deleting the local row deletes its link (a re-import brings it back).
  await db.schema
    .createTable('import_links')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('post', 'page', 'comment')`))
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'integer', (c) => c.references('posts.id').onDelete('cascade'))
    .addColumn('page_id', 'integer', (c) => c.references('pages.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_links_pk', ['source', 'site', 'kind', 'source_id'])
    .addCheckConstraint('import_links_one_target', sql`num_nonnulls(post_id, page_id, comment_id) = 1`)
    .execute();
  for (const column of ['post_id', 'page_id', 'comment_id']) {
    await db.schema
      .createIndex(`import_links_${column}_idx`)
      .on('import_links')
      .column(column)
      .where(sql.ref(column), 'is not', null)
      .execute();
  }

  // Old URLs of imported things, normalised (see src/lib/import/legacy.ts), and what they are now.
  await db.schema
    .createTable('legacy_paths')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'integer', (c) => c.references('posts.id').onDelete('cascade'))
    .addColumn('page_id', 'integer', (c) => c.references('pages.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.references('tags.id').onDelete('cascade'))
    .addCheckConstraint('legacy_paths_one_target', sql`num_nonnulls(post_id, page_id, tag_id) = 1`)
    .execute();
  for (const column of ['post_id', 'page_id', 'tag_id']) {
    await db.schema
      .createIndex(`legacy_paths_${column}_idx`)
      .on('legacy_paths')
      .column(column)
      .where(sql.ref(column), 'is not', null)
      .execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('legacy_paths').execute();
  await db.schema.dropTable('import_links').execute();
  await db.schema.alterTable('posts').dropColumn('byline').execute();
  await db.schema.dropTable('pages').execute();
}
