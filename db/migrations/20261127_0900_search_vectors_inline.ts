// Frozen. A post's search vector (about 3 KB for a 300-word post, positions
// included) went to the TOAST table, so every `@@` the planner evaluated row by
// row (the newest matches of a word, in date order) fetched and unpacked it
// from there: ~7 µs a row, 10 ms for a word in a few hundred posts. Kept in the
// row instead (the body goes out first when a row is too long), the same search
// takes ~1.5 ms. Applies to rows written from now on; an edit rewrites a row.
import { sql, type Kysely } from 'kysely';

const TABLES = ['posts', 'pages'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} set (toast_tuple_target = 8160)`.execute(db);
    await sql`alter table ${sql.table(table)} alter column search_vector set storage main`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} reset (toast_tuple_target)`.execute(db);
    await sql`alter table ${sql.table(table)} alter column search_vector set storage extended`.execute(db);
  }
}
