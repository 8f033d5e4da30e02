// Frozen. Replies from the fediverse are comments: each remembers the remote
// Note it came from (one comment per Note, however often it is delivered) and
// the actor who wrote it (only that actor may edit or delete it; an approved
// reply earns that actor trust). Likes and boosts of a post: one row per
// (actor, post, kind), so a repeated Like counts once and Undo takes it back.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('fediverse_actor_id', 'text')
    .addColumn('fediverse_note_id', 'text')
    .execute();
  await db.schema
    .createIndex('comments_fediverse_note_id')
    .on('comments')
    .column('fediverse_note_id')
    .unique()
    .execute();
  await db.schema
    .createIndex('comments_fediverse_actor_id')
    .on('comments')
    .column('fediverse_actor_id')
    .where('fediverse_actor_id', 'is not', null)
    .execute();
  await db.schema
    .createTable('fediverse_reactions')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('like', 'boost')`))
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('fediverse_reactions_pkey', ['actor_id', 'post_id', 'kind'])
    .execute();
  await db.schema.createIndex('fediverse_reactions_post_id').on('fediverse_reactions').column('post_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fediverse_reactions').execute();
  await db.schema.dropIndex('comments_fediverse_actor_id').execute();
  await db.schema.dropIndex('comments_fediverse_note_id').execute();
  await db.schema.alterTable('comments').dropColumn('fediverse_note_id').dropColumn('fediverse_actor_id').execute();
}
