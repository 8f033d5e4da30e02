// What the archive needs to know of each table, read from PostgreSQL's own
// catalog (the same on PGlite): its columns (generated ones are never
// written), its primary key (rows are paged and ordered by it), which tables
// it points at (restored first) and its sequences (set past the restored ids).
// Reading the catalog, not a hand-kept list, keeps a new column from being
// forgotten. Also the archive's own statements: a table read a page at a time,
// rows put back with their ids, the sample content cleared. SQL only.
import { sql } from 'kysely';
import type { Db } from '../../../db.ts';

export interface TableShape {
  name: string;
  /** Columns a row is written with: everything but generated columns. */
  columns: string[];
  /** Generated columns: computed again by the database, never carried. */
  generated: string[];
  primaryKey: { name: string; type: string }[];
}

export async function readTableShape(db: Db, table: string): Promise<TableShape> {
  const columns = await sql<{ name: string; generated: boolean }>`
    select a.attname as name, a.attgenerated <> '' as generated
    from pg_attribute a
    where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(db);
  const key = await sql<{ name: string; type: string }>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey::int2[])
    where i.indrelid = ${table}::regclass and i.indisprimary
    order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
  if (columns.rows.length === 0) throw new Error(`No table ${table} in the database`);
  if (key.rows.length === 0) throw new Error(`Table ${table} has no primary key: the archive cannot page it`);
  return {
    name: table,
    columns: columns.rows.filter((c) => !c.generated).map((c) => c.name),
    generated: columns.rows.filter((c) => c.generated).map((c) => c.name),
    primaryKey: key.rows,
  };
}

/** Foreign keys between tables of the public schema, as child → parent (self-references left out). */
export async function readTableDependencies(db: Db): Promise<{ child: string; parent: string }[]> {
  const { rows } = await sql<{ child: string; parent: string }>`
    select c.relname as child, p.relname as parent
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = current_schema() and k.conrelid <> k.confrelid`.execute(db);
  return rows;
}

/** Orders `tables` so every table comes after the tables it points at (ties kept in the given order). */
export function inDependencyOrder(tables: readonly string[], edges: { child: string; parent: string }[]): string[] {
  const wanted = new Set(tables);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (placed.has(table)) return;
    if (visiting.has(table)) throw new Error(`Tables point at each other in a cycle through ${table}`);
    visiting.add(table);
    for (const edge of edges) if (edge.child === table && wanted.has(edge.parent)) visit(edge.parent);
    visiting.delete(table);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

/** Sets every sequence that feeds a column of `table` past the largest value restored. */
export async function fixSequences(db: Db, table: string, columns: string[]): Promise<void> {
  for (const column of columns) {
    const { rows } = await sql<{ sequence: string | null }>`
      select pg_get_serial_sequence(${table}, ${column}) as sequence`.execute(db);
    const sequence = rows[0]?.sequence;
    if (!sequence) continue;
    await sql`
      select setval(${sequence}, coalesce(max(${sql.ref(column)}), 1), max(${sql.ref(column)}) is not null)
      from ${sql.table(table)}`.execute(db);
  }
}

/** Turns the table's own triggers off or on (kept counts are restored as they were, not counted twice). */
export async function setUserTriggers(db: Db, table: string, enabled: boolean): Promise<void> {
  await sql`alter table ${sql.table(table)} ${sql.raw(enabled ? 'enable' : 'disable')} trigger user`.execute(db);
}

export async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return rows[0]!.n;
}

/** Whether a post or page is not one of the seeded samples, or has an author: then it is someone's content. */
export async function holdsOtherThanSamples(db: Db, sample: { postSlugs: string[]; pageSlugs: string[] }) {
  const strangers = await db
    .selectFrom('posts')
    .select('id')
    .where((eb) =>
      eb.or([eb('author_id', 'is not', null), sql<boolean>`not (slug = any(${sample.postSlugs}::text[]))`]),
    )
    .unionAll(
      db
        .selectFrom('pages')
        .select('id')
        .where(sql<boolean>`not (slug = any(${sample.pageSlugs}::text[]))`),
    )
    .limit(1)
    .execute();
  return strangers.length > 0;
}

export async function deleteAllRows(db: Db, table: string): Promise<void> {
  await sql`delete from ${sql.table(table)}`.execute(db);
}

/**
 * Inserts archived rows (JSON objects, one a line) into `table` with their ids kept. `columns` are written from
 * the rows; `passwordFill`, when given, is written as every row's password_hash (accounts archived without them).
 */
export async function insertArchivedRows(
  db: Db,
  table: string,
  columns: string[],
  passwordFill: string | null,
  lines: string[],
): Promise<void> {
  const fills = passwordFill !== null;
  const into = sql.join([...columns.map((c) => sql.ref(c)), ...(fills ? [sql.ref('password_hash')] : [])]);
  const values = sql.join([...columns.map((c) => sql.ref(`r.${c}`)), ...(fills ? [sql`${passwordFill}::text`] : [])]);
  await sql`
    insert into ${sql.table(table)} (${into}) overriding system value
    select ${values} from jsonb_populate_recordset(null::${sql.table(table)}, ${`[${lines.join(',')}]`}::jsonb) r`.execute(
    db,
  );
}

/**
 * One page of a table as JSON lines, in primary-key order after `cursor` (the last page's key, as text), without
 * the `drop` columns; each row also carries its key as `key_0`, `key_1`… for the next page's cursor.
 */
export async function readTablePage(
  db: Db,
  shape: TableShape,
  drop: string[],
  cursor: string[] | null,
  limit: number,
): Promise<Record<string, string>[]> {
  const key = sql.join(shape.primaryKey.map((k) => sql.ref(`t.${k.name}`)));
  const after: ReturnType<typeof sql> = cursor
    ? sql`where (${key}) > (${sql.join(cursor.map((v, i) => sql`${v}::${sql.raw(shape.primaryKey[i]!.type)}`))})`
    : sql``;
  const page = await sql<Record<string, string>>`
    select (to_jsonb(t) - ${drop}::text[])::text as line,
      ${sql.join(shape.primaryKey.map((k, i) => sql`${sql.ref(`t.${k.name}`)}::text as ${sql.ref(`key_${i}`)}`))}
    from ${sql.table(shape.name)} t ${after}
    order by ${key} limit ${limit}`.execute(db);
  return page.rows;
}
