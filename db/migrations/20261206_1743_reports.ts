// Frozen. Readers' reports (issue 29): one per reader and item, with a reason;
// open until a moderator decides on the item. The reporter is a key (an
// account's id or a visitor cookie's hash), never shown to the reported.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('target', 'text', (c) => c.notNull().check(sql`target in ('comment', 'wish', 'offer')`))
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('reporter_key', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('spam', 'unkind', 'private', 'other')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addUniqueConstraint('reports_once_per_reader', ['target', 'target_id', 'reporter_key'])
    .execute();
  await db.schema
    .createIndex('reports_open_idx')
    .on('reports')
    .columns(['resolved_at', 'target', 'target_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reports').execute();
}
