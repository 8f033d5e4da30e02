// Frozen. Full-text search kept by the database, and public profiles.
//
// Search: each searchable table gets a `search_vector` that PostgreSQL itself
// computes on every insert and update (a stored generated column), so no code
// path can forget it. `to_tsvector(regconfig, text)` is immutable, which a
// generated column needs; the HTML is indexed as is, because the default text
// search parser reads tags and entities as tokens the 'english' configuration
// drops. Posts weigh their title (A) above their body (B).
//
// Profiles: every account gets a unique lowercase handle (/people/<handle>).
// The column default gives any insert a valid one; existing accounts get one
// made from their name here.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
async function addSearchVector(db: Kysely<any>, table: string, expression: ReturnType<typeof sql>): Promise<void> {
  await db.schema
    .alterTable(table)
    .addColumn('search_vector', sql`tsvector`, (c) => c.generatedAlwaysAs(expression).stored().notNull())
    .execute();
  await db.schema.createIndex(`${table}_search_idx`).on(table).using('gin').column('search_vector').execute();
}

const english = (column: string, weight: 'A' | 'B' | 'C') =>
  sql`setweight(to_tsvector('english'::regconfig, coalesce(${sql.ref(column)}, '')), ${sql.lit(weight)})`;

// A frozen copy of the words no handle may be (src/lib/people/handle.ts has the live list).
const RESERVED = new Set(['admin', 'account', 'api', 'people', 'search', 'privacy', 'settings', 'wishcast', 'author']);

function handleFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : 'member';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see addSearchVector
export async function up(db: Kysely<any>): Promise<void> {
  await addSearchVector(db, 'posts', sql`${english('title', 'A')} || ${english('body_html', 'B')}`);
  await addSearchVector(db, 'wishes', sql`${english('body_html', 'B')} || ${english('thank_you_html', 'C')}`);
  await addSearchVector(db, 'offers', english('body_html', 'B'));
  // Static pages (20261127_0300_pages_and_imports): title above body, as posts.
  await addSearchVector(db, 'pages', sql`${english('title', 'A')} || ${english('body_html', 'B')}`);

  await db.schema
    .alterTable('users')
    .addColumn('handle', 'text', (c) =>
      c
        .notNull()
        .defaultTo(sql`'member-' || substr(md5(gen_random_uuid()::text), 1, 12)`)
        .check(sql`handle ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' and char_length(handle) between 2 and 30`),
    )
    .addColumn('bio', 'text')
    .addColumn('bio_html', 'text')
    .addColumn('website', 'text')
    .execute();
  await db.schema.createIndex('users_handle_key').on('users').column('handle').unique().execute();

  const users = await db.selectFrom('users').select(['id', 'name']).orderBy('created_at').orderBy('id').execute();
  const taken = new Set<string>();
  for (const user of users as { id: string; name: string }[]) {
    const base = handleFromName(user.name);
    let handle = base;
    for (let n = 2; taken.has(handle) || RESERVED.has(handle); n++) handle = `${base}-${n}`;
    taken.add(handle);
    await db.updateTable('users').set({ handle }).where('id', '=', user.id).execute();
  }

  // A member's own contributions, for their profile, their data export and leaving.
  for (const table of ['comments', 'wishes', 'offers']) {
    await db.schema
      .createIndex(`${table}_user_idx`)
      .on(table)
      .columns(['user_id', 'created_at desc'])
      .where('user_id', 'is not', null)
      .execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see addSearchVector
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['comments', 'wishes', 'offers']) await db.schema.dropIndex(`${table}_user_idx`).execute();
  await db.schema.dropIndex('users_handle_key').execute();
  for (const column of ['handle', 'bio', 'bio_html', 'website']) {
    await db.schema.alterTable('users').dropColumn(column).execute();
  }
  for (const table of ['posts', 'wishes', 'offers', 'pages']) {
    await db.schema.dropIndex(`${table}_search_idx`).execute();
    await db.schema.alterTable(table).dropColumn('search_vector').execute();
  }
}
