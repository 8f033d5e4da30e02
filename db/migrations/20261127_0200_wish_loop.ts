// Frozen. The wish loop (issue 13): a page and a blog link per wish, private
// threads under accepted offers, visitors' manage links, owners' edits and
// withdrawals, the give-first block's offers, follow-ups and carried-forward wishes.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('wishes')
    .addColumn('blog_url', 'text')
    // The wish this one carries forward, and the first wish of that chain (null: this one is the first).
    .addColumn('carried_from_id', 'integer', (c) => c.references('wishes.id').onDelete('set null').unique())
    .addColumn('root_wish_id', 'integer', (c) => c.references('wishes.id').onDelete('set null'))
    .addColumn('rested_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('wishes_root_idx')
    .on('wishes')
    .column('root_wish_id')
    .where('root_wish_id', 'is not', null)
    .execute();
  await db.schema.createIndex('wishes_granted_idx').on('wishes').columns(['granted_at desc', 'id desc']).execute();

  await db.schema
    .alterTable('offers')
    .addColumn('origin', 'text', (c) =>
      c
        .notNull()
        .defaultTo('board')
        .check(sql`origin in ('board', 'give_first', 'wish_page')`),
    )
    .addColumn('withdrawn_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('offer_messages')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('offer_id', 'integer', (c) => c.notNull().references('offers.id').onDelete('cascade'))
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('wisher', 'offerer', 'author')`))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text')
    .addColumn('body_html', 'text')
    .addColumn('shared_kind', 'text', (c) => c.check(sql`shared_kind in ('email', 'website')`))
    .addColumn('shared_value', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A row is either a message or a shared contact detail, never both.
    .addCheckConstraint(
      'offer_messages_one_kind',
      sql`(body_md is not null and body_html is not null and shared_kind is null and shared_value is null)
        or (body_md is null and body_html is null and shared_kind is not null and shared_value is not null)`,
    )
    .execute();
  await db.schema.createIndex('offer_messages_offer_idx').on('offer_messages').columns(['offer_id', 'id']).execute();

  await db.schema
    .createTable('manage_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('wish_id', 'integer', (c) => c.references('wishes.id').onDelete('cascade'))
    .addColumn('offer_id', 'integer', (c) => c.references('offers.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addCheckConstraint('manage_links_one_subject', sql`num_nonnulls(wish_id, offer_id) = 1`)
    .execute();
  await db.schema.createIndex('manage_links_wish_idx').on('manage_links').column('wish_id').execute();
  await db.schema.createIndex('manage_links_offer_idx').on('manage_links').column('offer_id').execute();

  await db.schema
    .createTable('wish_followups')
    .addColumn('wish_id', 'integer', (c) => c.notNull().references('wishes.id').onDelete('cascade'))
    .addColumn('step', 'integer', (c) => c.notNull().check(sql`step > 0`))
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('wish_followups_pk', ['wish_id', 'step'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wish_followups').execute();
  await db.schema.dropTable('manage_links').execute();
  await db.schema.dropTable('offer_messages').execute();
  await db.schema.alterTable('offers').dropColumn('withdrawn_at').dropColumn('origin').execute();
  await db.schema.dropIndex('wishes_granted_idx').execute();
  await db.schema.dropIndex('wishes_root_idx').execute();
  await db.schema
    .alterTable('wishes')
    .dropColumn('rested_at')
    .dropColumn('root_wish_id')
    .dropColumn('carried_from_id')
    .dropColumn('blog_url')
    .execute();
}
