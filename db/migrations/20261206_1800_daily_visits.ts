// Frozen. Visits per day, counted by the server (issue 27): no cookie, no third
// party, no address kept; one row per day (in the site's time zone) and class of
// page (home, post, board, page), its count raised in batches.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('daily_visits')
    // "YYYY-MM-DD" as text: no driver turns it into a Date at some time zone's midnight.
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('path_class', 'text', (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('daily_visits_pkey', ['day', 'path_class'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('daily_visits').execute();
}
