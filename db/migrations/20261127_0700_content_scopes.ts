// Frozen. What changed, by scope: each write that readers can see records the
// scopes it touched (a post, a board, a wish…) with the site-wide change number
// it took, so a page cached for one post is not thrown away for a wish elsewhere.
// Also: an index to page a board's wishes by id.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_scopes')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    // The site_state.content_version of the last change to this scope.
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  // Readers ask "what changed since N": an index on the version answers without a scan.
  await db.schema.createIndex('content_scopes_version_idx').on('content_scopes').column('version').execute();
  // Change numbers come from a sequence, taken under site_state's row lock: they
  // rise in commit order, and a rolled-back change never hands its number to the next.
  await sql`create sequence content_version_seq`.execute(db);
  await sql`select setval('content_version_seq', (select content_version from site_state where id = 1))`.execute(db);
  // A board's wishes are paged newest first by id (src/lib/wishes/view.ts).
  await db.schema.createIndex('wishes_board_id_idx').on('wishes').columns(['board_id', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('wishes_board_id_idx').execute();
  await sql`drop sequence content_version_seq`.execute(db);
  await db.schema.dropTable('content_scopes').execute();
}
