// Frozen. The spam filter (issue 29): word counts learnt from this site's own
// decisions (the built-in model ships as JSON), and on each comment, wish and
// offer the filter's score and why the rules held or spammed it.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('spam_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('spam', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ham', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const table of ['comments', 'wishes', 'offers']) {
    await db.schema.alterTable(table).addColumn('spam_score', 'real').addColumn('moderation_reason', 'text').execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['comments', 'wishes', 'offers']) {
    await db.schema.alterTable(table).dropColumn('spam_score').dropColumn('moderation_reason').execute();
  }
  await db.schema.dropTable('spam_tokens').execute();
}
