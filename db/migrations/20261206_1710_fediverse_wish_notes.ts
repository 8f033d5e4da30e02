// Frozen. Wishes on the fediverse (issue 26): a wish says whether its writer
// ticked "also share on the fediverse"; which wishes' notes went to @wishes's
// followers (one row each, claimed by the process that sends); an offer may be
// a reply from the fediverse (its actor, its Note, its writer's profile link).
// Remote domains the author blocked: their activities are refused.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('wishes')
    .addColumn('share_on_fediverse', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable('fediverse_announced_wishes')
    .addColumn('wish_id', 'integer', (c) => c.primaryKey().references('wishes.id').onDelete('cascade'))
    .addColumn('announced_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('offers')
    .addColumn('fediverse_actor_id', 'text')
    .addColumn('fediverse_note_id', 'text')
    .addColumn('author_url', 'text')
    .execute();
  await db.schema
    .createIndex('offers_fediverse_note_id')
    .on('offers')
    .column('fediverse_note_id')
    .unique()
    .where('fediverse_note_id', 'is not', null)
    .execute();
  await db.schema
    .createIndex('offers_fediverse_actor_id')
    .on('offers')
    .column('fediverse_actor_id')
    .where('fediverse_actor_id', 'is not', null)
    .execute();
  await db.schema
    .createTable('fediverse_blocked_domains')
    .addColumn('domain', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fediverse_blocked_domains').execute();
  await db.schema.dropIndex('offers_fediverse_actor_id').execute();
  await db.schema.dropIndex('offers_fediverse_note_id').execute();
  await db.schema
    .alterTable('offers')
    .dropColumn('fediverse_actor_id')
    .dropColumn('fediverse_note_id')
    .dropColumn('author_url')
    .execute();
  await db.schema.dropTable('fediverse_announced_wishes').execute();
  await db.schema.alterTable('wishes').dropColumn('share_on_fediverse').execute();
}
