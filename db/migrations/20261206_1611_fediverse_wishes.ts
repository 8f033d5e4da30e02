// Frozen. The wish board is an actor too (`@wishes`): each follower row says
// which of our actors it follows, so one remote account may follow both. Which
// boards' opening notes went out: one row each, claimed by the process that
// sends, so each note goes once however many processes look.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('fediverse_followers')
    .addColumn('local_actor', 'text', (c) => c.notNull().defaultTo('blog'))
    .execute();
  await sql`alter table fediverse_followers drop constraint fediverse_followers_pkey`.execute(db);
  await db.schema
    .alterTable('fediverse_followers')
    .addPrimaryKeyConstraint('fediverse_followers_pkey', ['local_actor', 'actor_id'])
    .execute();
  await db.schema
    .createTable('fediverse_announced_boards')
    .addColumn('board_id', 'integer', (c) => c.primaryKey().references('boards.id').onDelete('cascade'))
    .addColumn('announced_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fediverse_announced_boards').execute();
  await db.deleteFrom('fediverse_followers').where('local_actor', '<>', 'blog').execute();
  await sql`alter table fediverse_followers drop constraint fediverse_followers_pkey`.execute(db);
  await db.schema.alterTable('fediverse_followers').dropColumn('local_actor').execute();
  await db.schema
    .alterTable('fediverse_followers')
    .addPrimaryKeyConstraint('fediverse_followers_pkey', ['actor_id'])
    .execute();
}
