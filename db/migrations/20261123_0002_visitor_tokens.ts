// Frozen. A visitor's held contribution is shown to them alone: we recognise
// them by a random cookie whose SHA-256 is stored with what they wrote.
import type { Kysely } from 'kysely';

const TABLES = ['comments', 'wishes', 'offers'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn('visitor_token_hash', 'text').execute();
    await db.schema
      .createIndex(`${table}_visitor_idx`)
      .on(table)
      .column('visitor_token_hash')
      .where('visitor_token_hash', 'is not', null)
      .execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.dropIndex(`${table}_visitor_idx`).execute();
    await db.schema.alterTable(table).dropColumn('visitor_token_hash').execute();
  }
}
