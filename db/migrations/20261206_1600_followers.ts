// Frozen. People who follow the site by email without an account (issue 26):
// one row per address with what they chose, confirmed by a POST from the link
// in their confirmation mail; and which posts have been mailed to them (one row
// per post, claimed by the process that queues the mail, so each goes once).
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('followers')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('wants_posts', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('wants_wish_day', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('wants_digest', 'boolean', (c) => c.notNull().defaultTo(false))
    // 'form', 'account' or 'import': how the address came.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('confirmed_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('follower_mailed_posts')
    .addColumn('post_id', 'integer', (c) => c.primaryKey())
    .addColumn('mailed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('follower_mailed_posts').execute();
  await db.schema.dropTable('followers').execute();
}
