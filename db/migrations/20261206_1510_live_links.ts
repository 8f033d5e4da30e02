// Frozen. No live token at rest (issue 24): an outbox row keeps what its link
// is for (`link`), and the worker mints the token when it sends the mail, so the
// stored text holds only a placeholder. Manage links expire; a password change
// is dated, so a reset mail queued before it is never given a working link.
// Links already written into finished mail are blanked.
import { sql, type Kysely } from 'kysely';

const TOKEN_IN_QUERY = String.raw`(/(verify|reset|unsubscribe|confirm-replies)\?token=)[A-Za-z0-9_.-]+`;
const TOKEN_IN_PATH = String.raw`(/wishes/manage/)[A-Za-z0-9_-]{43}`;

const REMOVED = String.raw`\1(removed)`;

const blank = (column: ReturnType<typeof sql>) =>
  sql`regexp_replace(regexp_replace(${column}, ${sql.lit(TOKEN_IN_QUERY)}, ${sql.lit(REMOVED)}, 'g'), ${sql.lit(TOKEN_IN_PATH)}, ${sql.lit(REMOVED)}, 'g')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('link', 'jsonb').execute();
  await db.schema.alterTable('manage_links').addColumn('expires_at', 'timestamptz').execute();
  await db
    .updateTable('manage_links')
    .set({ expires_at: sql`now() + interval '90 days'` })
    .execute();
  await db.schema
    .alterTable('manage_links')
    .alterColumn('expires_at', (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable('users').addColumn('password_changed_at', 'timestamptz').execute();
  await db
    .updateTable('outbox')
    .set({
      text_body: blank(sql.ref('text_body')),
      html_body: blank(sql.ref('html_body')),
      headers: sql`(${blank(sql`headers::text`)})::jsonb`,
    })
    .where('status', 'in', ['sent', 'kept', 'failed'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('password_changed_at').execute();
  await db.schema.alterTable('manage_links').dropColumn('expires_at').execute();
  await db.schema.alterTable('outbox').dropColumn('link').execute();
}
