// Frozen. Reactions (issue 29): a reader's heart, "me too" or "thank you" on a
// post or a comment, and a wish's cheer ("I wish this for you too"), in one
// table. A person counts once per kind on a subject (the primary key). The
// subject is named by kind and id, so the database cannot cascade for us:
// triggers drop a subject's reactions when the post, comment or wish goes.
// The cheers move in and their table goes.
import { sql, type Kysely } from 'kysely';

const SUBJECTS = [
  { table: 'posts', kind: 'post' },
  { table: 'comments', kind: 'comment' },
  { table: 'wishes', kind: 'wish' },
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reactions')
    .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind in ('post', 'comment', 'wish')`))
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('reactions_pkey', ['subject_kind', 'subject_id', 'user_id', 'kind'])
    .execute();
  // What someone gave (their export, their state on a page).
  await db.schema.createIndex('reactions_user_id').on('reactions').columns(['user_id', 'subject_kind']).execute();
  await sql`
    insert into reactions (subject_kind, subject_id, user_id, kind, created_at)
    select 'wish', wish_id, user_id, 'cheer', created_at from cheers`.execute(db);
  await db.schema.dropTable('cheers').execute();
  await sql`
    create function reactions_drop_subject() returns trigger language plpgsql as $$
    begin
      delete from reactions where subject_kind = tg_argv[0] and subject_id = old.id;
      return old;
    end $$`.execute(db);
  for (const { table, kind } of SUBJECTS) {
    await sql`
      create trigger ${sql.raw(`${table}_drop_reactions`)} after delete on ${sql.table(table)}
      for each row execute function reactions_drop_subject(${sql.lit(kind)})`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  for (const { table } of SUBJECTS) {
    await sql`drop trigger ${sql.raw(`${table}_drop_reactions`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function reactions_drop_subject()`.execute(db);
  await db.schema
    .createTable('cheers')
    .addColumn('wish_id', 'integer', (c) => c.notNull().references('wishes.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('cheers_pk', ['wish_id', 'user_id'])
    .execute();
  await sql`
    insert into cheers (wish_id, user_id, created_at)
    select subject_id, user_id, created_at from reactions where subject_kind = 'wish' and kind = 'cheer'`.execute(db);
  await db.schema.dropTable('reactions').execute();
}
