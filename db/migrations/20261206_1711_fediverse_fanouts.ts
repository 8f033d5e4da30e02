// Frozen. Our own fan-out of an activity to an actor's followers: one row per
// activity, walked in pages of distinct delivery inboxes (the shared one when
// offered) from its cursor, so followers are never all held in memory; the
// index makes each page a range scan.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fediverse_fanouts')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('local_actor', 'text', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('after_inbox', 'text')
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index fediverse_followers_delivery_inbox on fediverse_followers (local_actor, (coalesce(shared_inbox, inbox)))`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index fediverse_followers_delivery_inbox`.execute(db);
  await db.schema.dropTable('fediverse_fanouts').execute();
}
